"""The trained span detector: proposes hype spans the rule lists do not anticipate.

``SpanModel`` scores every token; the spaCy component ``hypecheck_spans`` writes its
proposals to ``doc.spans["hypecheck_proposals"]``, and the rules of kind ``learned``
(rules/data/learned.yaml) turn them into findings through the same context conditions
and merging as every other rule.
"""
