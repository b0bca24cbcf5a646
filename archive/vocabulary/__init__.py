"""The words every layer of the archive shares, each spelled in one place.

Pure Python, imported by ingest (which imports no Django), models, importing,
search and the web pages alike: the values stored on articles (terms.py) and the
stored form of an article's body (body.py).
"""
