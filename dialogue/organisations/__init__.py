"""Organisations: property owners, builders, associations and others, and the neighbourhoods where property
owners and builders own or build. The staff pages that keep them are dialogue.organisation_register."""
