"""targets: check statistical actuals against the quantitative targets of development plans."""

__version__ = "0.1.0"
