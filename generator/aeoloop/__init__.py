"""aeoloop: Loop Marketing as a build tool.

Express (brand voice), Tailor (audiences), Amplify (answer-engine optimisation) and
Evolve (measure and feed back) over a repository of Markdown pillar pages.
"""

__version__ = "0.1.0"
