"""Named queries: Cypher files plus the small Python that post-processes them."""
