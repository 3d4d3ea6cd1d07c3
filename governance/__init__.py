"""The base of the product: geography, memberships and roles, the register and the map."""
