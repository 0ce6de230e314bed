"""The pipeline's own stages, one registered spaCy factory per module (importing the module
registers it): ``debate_paragraphs``, ``debate_weapons``, ``debate_actors``, ``debate_quotes``,
``debate_stance``."""
