"""A second held-out set for question matching, written before the second round of tuning.

Never tuned on: it is reported beside benchmarks/retrieval_set.py so that gains there which do
not carry over to new wording show. Worded the way other prep lists word their questions; none
is copied from the shipped question banks or from the first set.
"""

from __future__ import annotations

# (text, acceptable competencies) in the general behavioral taxonomy.
FRESH_GENERAL: list[tuple[str, tuple[str, ...]]] = [
    (
        "Recall a moment when two people on your team couldn't agree on an approach. "
        "What role did you play?",
        ("Conflict resolution", "Teamwork"),
    ),
    ("Talk about a project you steered from start to finish as the lead.", ("Leadership",)),
    (
        "How would you explain a complicated technical topic to someone with no background in it?",
        ("Communication",),
    ),
    ("Describe the toughest bug you ever tracked down.", ("Problem solving", "Technical depth")),
    (
        "Tell me about a time the plan changed halfway through and you had to adjust.",
        ("Adaptability",),
    ),
    ("What's something you started at work without being asked to?", ("Initiative",)),
    ("Share a project that flopped. What would you do differently?", ("Failure and learning",)),
    (
        "How did you get another department to adopt your idea when you had no say over them?",
        ("Influence without authority",),
    ),
    (
        "Tell me about a time a client was unhappy and how you turned it around.",
        ("Customer focus",),
    ),
    (
        "You have three deadlines landing on the same day. What do you do?",
        ("Prioritization", "Working under pressure"),
    ),
    ("Describe a call you had to make before all the facts were in.", ("Decision making",)),
    ("How have you helped a new teammate get up to speed?", ("Mentoring",)),
    ("Tell me about a goal you hit despite obstacles.", ("Delivering results",)),
    (
        "Describe an original solution you came up with for an old problem.",
        ("Creativity and innovation", "Problem solving"),
    ),
    (
        "Tell me about a night when production went down and you were the one on call.",
        ("Working under pressure",),
    ),
    (
        "What's the most complex system you've designed, and what trade-offs did you make?",
        ("Technical depth",),
    ),
    (
        "How do you make sure everyone on a remote team stays in the loop?",
        ("Communication", "Teamwork"),
    ),
]

# Questions in the style of Amazon's Leadership Principles.
FRESH_AMAZON: list[tuple[str, tuple[str, ...]]] = [
    (
        "Tell me about a time you put the needs of the end user ahead of an internal deadline.",
        ("Customer Obsession",),
    ),
    (
        "Describe a time you fixed something that wasn't technically your responsibility.",
        ("Ownership",),
    ),
    ("What's a process you made simpler, and how did you do it?", ("Invent and Simplify",)),
    ("Tell me about a time you went with your gut and it paid off.", ("Are Right, A Lot",)),
    (
        "What's something you taught yourself recently just out of curiosity?",
        ("Learn and Be Curious",),
    ),
    ("How have you raised the bar when hiring for your team?", ("Hire and Develop the Best",)),
    (
        "Tell me about a time you held back a release because the quality wasn't there.",
        ("Insist on the Highest Standards",),
    ),
    ("Describe a bold vision you proposed that went beyond what was asked.", ("Think Big",)),
    (
        "Tell me about a time you moved fast without waiting for every approval.",
        ("Bias for Action",),
    ),
    ("How did you accomplish something with a tiny budget?", ("Frugality",)),
    ("Tell me about a time you admitted a mistake to your team.", ("Earn Trust",)),
    (
        "Describe a time when the metrics looked fine but you dug in and found a problem.",
        ("Dive Deep",),
    ),
    (
        "Tell me about when you pushed back on a senior leader's decision and then committed "
        "to it anyway.",
        ("Have Backbone; Disagree and Commit",),
    ),
    (
        "Describe a project where you delivered on time despite setbacks.",
        ("Deliver Results",),
    ),
    (
        "What have you done to make people want to stay on your team?",
        ("Strive to be Earth's Best Employer",),
    ),
    (
        "Have you ever changed a plan because of how it would affect society at large?",
        ("Success and Scale Bring Broad Responsibility",),
    ),
]

# Questions in the style of the Tech Interview Handbook's focus areas.
FRESH_TIH: list[tuple[str, tuple[str, ...]]] = [
    ("Why do you want to work here, and what drives you in your work?", ("Motivation",)),
    (
        "Tell me about a time you spotted a problem before anyone else and acted on it.",
        ("Proactivity",),
    ),
    (
        "Describe a project where requirements were vague and nobody owned the direction.",
        ("Working in an unstructured environment",),
    ),
    (
        "Tell me about a goal that took months of effort and setbacks to reach.",
        ("Perseverance",),
    ),
    (
        "How did you handle a disagreement with a peer over a design decision?",
        ("Conflict resolution",),
    ),
    (
        "Tell me about a time you noticed a colleague was struggling. What did you do?",
        ("Empathy",),
    ),
    ("What feedback changed how you work?", ("Growth",)),
    (
        "Describe how you kept stakeholders updated during a long project.",
        ("Communication",),
    ),
    ("What kind of work gets you excited to start the day?", ("Motivation",)),
    ("Tell me about a time you kept going when you wanted to give up.", ("Perseverance",)),
]
