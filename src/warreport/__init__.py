"""warreport: conflict news into a verified, geocoded, time-stamped event database."""

__version__ = "0.1.0"
