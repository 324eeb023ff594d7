"""translate-news: Arabic news to English, side by side, with nothing lost.

This module stays light: importing it (or the CLI) never imports torch or transformers.
"""
__version__ = "0.1.0"
