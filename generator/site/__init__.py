"""The site: pages, pictures, and what is published beside them (JSON-LD, exports, feed)."""
