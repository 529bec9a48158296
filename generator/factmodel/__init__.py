"""The fact model: claims, entities, what each kind is, and the JSON Schemas drawn from them."""
