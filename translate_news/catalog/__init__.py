"""Which models exist and where they are: the registry, the local store, the hub and its cache.

Nothing here imports torch, transformers or ctranslate2; the hub client is imported only
where a lookup needs it.
"""
