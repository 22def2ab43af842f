"""What a built graph is used for: SPARQL, exports, the HTML page, serving, statistics, SHACL."""
