"""The local demo archive: a deterministic imitation of the English site, served on 127.0.0.1.

It shares nothing with the crawler but the manifest format (crawler/demo/manifest.py). See docs/demo-archive.md.
"""
