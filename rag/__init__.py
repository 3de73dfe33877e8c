"""Ask questions of Ofsted inspection reports: retrieval with cited paragraphs."""
