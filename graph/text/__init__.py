"""Documents in: reading files (txt, md, html, pdf), sentences with offsets, text normalisation."""
