"""The domain as loaded from ontology/: lexicon, classes, cues, namespaces, vocabulary."""
