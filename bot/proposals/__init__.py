"""Draft flows: distilled from resolved walks or submitted by authors, tried, then published or rejected by an admin."""
