"""Express: the brand voice, as files a build can check (brand, glossary, audiences, voice rules)."""
