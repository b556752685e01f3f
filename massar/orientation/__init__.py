"""Orientation (DOMAIN §8): windows in which students rank wishes, capacities and scoring formulas, the
assignment (student-proposing deferred acceptance, deterministic tie-break), its review by the orientation
council and its publication with an explanation per student."""
