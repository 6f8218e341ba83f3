"""Content from other generators (Docusaurus/MDX), read at load time into plain Markdown."""
