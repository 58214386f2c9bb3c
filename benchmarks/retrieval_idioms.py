"""Questions worded with everyday idioms ("dropped the ball", "under your wing"), for matching.

Two sets, kept apart on purpose:
- IDIOMS_* were written to find what plain keyword lists miss, and the idioms in the general
  taxonomy were added while looking at their misses: they show what those additions cover.
- UNTUNED_* were written after those additions and never tuned on (their misses are never
  printed): they show how much carries over to idioms no list names yet.
"""

from __future__ import annotations

# (text, acceptable competencies)
IDIOMS_GENERAL: list[tuple[str, tuple[str, ...]]] = [
    ("Tell me about a time you showed a new colleague the ropes.", ("Mentoring",)),
    (
        "Have you ever had to bring a struggling teammate up to standard?",
        ("Mentoring", "Leadership"),
    ),
    ("Tell me about a time you clashed with a coworker.", ("Conflict resolution",)),
    ("Describe a time you butted heads with your boss.", ("Conflict resolution",)),
    (
        "What do you do when you have too much on your plate?",
        ("Prioritization", "Working under pressure"),
    ),
    ("Tell me about a time you dropped the ball.", ("Failure and learning",)),
    ("Tell me about a time you thought outside the box.", ("Creativity and innovation",)),
    (
        "Describe a time you had to think on your feet.",
        ("Adaptability", "Decision making", "Working under pressure"),
    ),
    (
        "Tell me about a time you got buy-in from a skeptical team.",
        ("Influence without authority",),
    ),
    (
        "Tell me about a time you rolled up your sleeves to get something over the line.",
        ("Delivering results", "Initiative"),
    ),
    (
        "Describe a situation where you had to read between the lines to understand what a "
        "client wanted.",
        ("Customer focus", "Communication"),
    ),
    ("Tell me about a time you had to make a judgment call.", ("Decision making",)),
    ("When did you last step outside your comfort zone?", ("Adaptability", "Initiative")),
    (
        "Tell me about a time you had to break down a complex idea for a non-expert audience.",
        ("Communication",),
    ),
    ("How do you keep your head when a launch goes sideways?", ("Working under pressure",)),
    (
        "Tell me about a time you had to get a project back on track.",
        ("Problem solving", "Leadership", "Delivering results"),
    ),
    ("Describe a time you owned up to a mistake.", ("Failure and learning",)),
    ("Tell me about a time you went above and beyond your job description.", ("Initiative",)),
    (
        "Tell me about a time you had to say no to a stakeholder.",
        ("Prioritization", "Communication", "Conflict resolution"),
    ),
    (
        "How do you go about debugging a problem you've never seen before?",
        ("Problem solving", "Technical depth"),
    ),
    (
        "Tell me about a time you brought a team together after a rough patch.",
        ("Leadership", "Teamwork"),
    ),
    ("Describe a time you were the voice of the customer in a meeting.", ("Customer focus",)),
    (
        "Tell me about a time you had a disagreement with a colleague that got personal.",
        ("Conflict resolution",),
    ),
    ("Describe a time you had to wear many hats.", ("Adaptability", "Initiative")),
    ("Tell me about a time you had to hit the ground running.", ("Adaptability", "Initiative")),
    ("Describe a time you took ownership of a problem that wasn't yours.", ("Initiative",)),
    (
        "Tell me about a time you had to deliver a tough message to your team.",
        ("Communication", "Leadership"),
    ),
    (
        "When have you had to go back to the drawing board?",
        ("Failure and learning", "Adaptability", "Problem solving"),
    ),
    ("Tell me about a time you helped a peer level up their skills.", ("Mentoring",)),
    (
        "Describe a time you had to balance quality against speed.",
        ("Prioritization", "Decision making"),
    ),
    ("Tell me about a time a customer changed your mind about a feature.", ("Customer focus",)),
    (
        "Tell me about a time you kept a project afloat when it was about to sink.",
        ("Delivering results", "Problem solving", "Leadership"),
    ),
    (
        "Describe a time you had to win over a hostile audience.",
        ("Influence without authority", "Communication"),
    ),
    (
        "Tell me about a time you had to make a tough call that not everyone liked.",
        ("Decision making", "Leadership"),
    ),
    (
        "Tell me about a time your team was burned out and you had to keep morale up.",
        ("Leadership",),
    ),
    (
        "Describe a time when you found a smarter way of doing a tedious task.",
        ("Creativity and innovation",),
    ),
    (
        "Tell me about a time you were thrown in at the deep end.",
        ("Adaptability", "Working under pressure"),
    ),
    ("What's the biggest screw-up of your career?", ("Failure and learning",)),
    ("Tell me about a time you had to juggle several projects at once.", ("Prioritization",)),
    (
        "How do you handle it when a coworker takes credit for your work?",
        ("Conflict resolution", "Communication"),
    ),
    (
        "Tell me about a time you had to collaborate with a team in another time zone.",
        ("Teamwork", "Communication"),
    ),
    ("Describe the most technically challenging thing you've built.", ("Technical depth",)),
]

IDIOMS_AMAZON: list[tuple[str, tuple[str, ...]]] = [
    (
        "Tell me about a time you dropped the ball on something important.",
        ("Earn Trust", "Ownership", "Are Right, A Lot"),
    ),
    (
        "Describe a time you thought outside the box to solve a customer problem.",
        ("Invent and Simplify", "Customer Obsession"),
    ),
    (
        "Tell me about a time you butted heads with your manager but still committed.",
        ("Have Backbone; Disagree and Commit",),
    ),
    (
        "Tell me about a time you had too much on your plate and had to prioritize.",
        ("Deliver Results", "Bias for Action"),
    ),
    ("Tell me about a time you took a new hire under your wing.", ("Hire and Develop the Best",)),
    (
        "Tell me about a time you kept your head in a crisis.",
        ("Deliver Results", "Bias for Action", "Ownership"),
    ),
]

UNTUNED_GENERAL: list[tuple[str, tuple[str, ...]]] = [
    (
        "Tell me about a time you had to pick up the pieces after a project went off the rails.",
        ("Problem solving", "Leadership", "Failure and learning", "Delivering results"),
    ),
    (
        "Describe a time you and a teammate didn't see eye to eye on priorities.",
        ("Conflict resolution", "Prioritization"),
    ),
    (
        "Tell me about a time you had to bring someone new up to speed on a complex codebase.",
        ("Mentoring", "Communication"),
    ),
    (
        "Describe a time you had to sell an unpopular change to your team.",
        ("Influence without authority", "Leadership", "Communication"),
    ),
    ("What do you do when the goalposts keep moving?", ("Adaptability",)),
    (
        "Tell me about a time you cut through red tape to get something done.",
        ("Initiative", "Delivering results"),
    ),
    ("Describe a time you were under a lot of stress at work.", ("Working under pressure",)),
    (
        "Tell me about a time you put a customer's needs ahead of an internal deadline.",
        ("Customer focus", "Prioritization"),
    ),
    (
        "Give an example of a time you made a mistake that affected others.",
        ("Failure and learning",),
    ),
    ("Tell me about a time you had to choose between two good options.", ("Decision making",)),
    (
        "Describe a process you made faster or cheaper.",
        ("Creativity and innovation", "Delivering results"),
    ),
    (
        "Tell me about a time you stepped up when your manager was away.",
        ("Leadership", "Initiative"),
    ),
    (
        "How do you make sure a cross-team project stays on course?",
        ("Teamwork", "Communication", "Leadership", "Delivering results"),
    ),
    (
        "Tell me about a time you went down a rabbit hole to understand a system.",
        ("Technical depth", "Problem solving"),
    ),
    (
        "Describe a time you had to keep several plates spinning.",
        ("Prioritization", "Working under pressure"),
    ),
    (
        "Tell me about a time you helped two colleagues patch up a disagreement.",
        ("Conflict resolution",),
    ),
]

UNTUNED_AMAZON: list[tuple[str, tuple[str, ...]]] = [
    ("Tell me about a time you went the extra mile for a customer.", ("Customer Obsession",)),
    ("Describe a time you owned a problem end to end.", ("Ownership",)),
    (
        "Tell me about a time you acted quickly with limited information.",
        ("Bias for Action", "Are Right, A Lot"),
    ),
    ("Tell me about a time you were wrong.", ("Earn Trust", "Are Right, A Lot")),
    ("Tell me about a time you saved money for your company.", ("Frugality",)),
    (
        "Tell me about a time you stood your ground on something important.",
        ("Have Backbone; Disagree and Commit",),
    ),
]

UNTUNED_TIH: list[tuple[str, tuple[str, ...]]] = [
    ("What gets you out of bed in the morning?", ("Motivation",)),
    ("Tell me about a time you didn't give up on a hard problem.", ("Perseverance",)),
    ("How do you handle ambiguity?", ("Working in an unstructured environment",)),
    ("Tell me about a time you noticed a colleague was struggling and helped.", ("Empathy",)),
]
