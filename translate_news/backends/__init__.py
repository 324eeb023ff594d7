"""The translation engines: the interfaces (base.py), opening a model (factory.py), the
engines themselves (hf.py, ct2.py) and what serves them. This face only hands on the names
that callers outside the package use."""
from translate_news.backends.base import Backend as Backend
from translate_news.backends.base import Decoding as Decoding
from translate_news.backends.base import Generated as Generated
from translate_news.backends.base import Summarizer as Summarizer
from translate_news.backends.base import Translator as Translator
from translate_news.backends.factory import ctranslate2_installed as ctranslate2_installed
from translate_news.backends.factory import open_summarizer as open_summarizer
from translate_news.backends.factory import open_translator as open_translator
