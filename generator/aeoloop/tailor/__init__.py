"""Tailor: messages that fit each audience (audiences, per-audience intros and CTAs)."""
