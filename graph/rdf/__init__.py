"""The graph model as RDF: a document's triples, Turtle, graph files, updates, stores."""
