"""phytokg: an offline knowledge-graph builder for herbal pharmacology."""

__version__ = "0.1.0"
