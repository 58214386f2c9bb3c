"""The labelled evaluation set for question matching: questions, their acceptable competencies,
and job ads with the competencies a recruiter would list.

Written apart from the question bank that ships with storybank (storybank/data/questions*.json)
and never copied into it: the matcher learns from the shipped bank, and is measured on this.
Questions are worded the way prep sites, recruiters and interviewers word them. Every fourth
question (index % 4 == 3) is held out: it is reported on its own and was not looked at while
tuning.
"""

from __future__ import annotations

# (text, acceptable competencies) in the general behavioral taxonomy.
GENERAL: list[tuple[str, tuple[str, ...]]] = [
    ("How do you handle working with people who rub you the wrong way?", ("Conflict resolution",)),
    (
        "Give me an example of a time you didn't see eye to eye with your boss.",
        ("Conflict resolution", "Influence without authority"),
    ),
    (
        "What do you do when a coworker isn't pulling their weight?",
        ("Conflict resolution", "Teamwork"),
    ),
    ("Tell me about a heated argument at work and how it got resolved.", ("Conflict resolution",)),
    (
        "Walk me through how you decide what to tackle first when everything is urgent.",
        ("Prioritization",),
    ),
    ("How do you juggle several competing deadlines?", ("Prioritization",)),
    ("Tell me about a time you had too much on your plate.", ("Prioritization", "Adaptability")),
    (
        "How do you organise your week when priorities keep shifting?",
        ("Prioritization", "Adaptability"),
    ),
    ("Have you ever coached a junior colleague? How did it go?", ("Mentoring",)),
    ("Tell me about a time you helped someone on your team grow their skills.", ("Mentoring",)),
    ("Describe how you onboarded a new hire.", ("Mentoring", "Teamwork")),
    ("Have you ever taught a skill to someone less experienced?", ("Mentoring",)),
    (
        "What would you do if your boss asked you to cut corners?",
        ("Decision making", "Conflict resolution", "Communication"),
    ),
    (
        "Tell me about a time you were asked to do something you felt was wrong.",
        ("Decision making", "Conflict resolution"),
    ),
    (
        "Describe a time you took charge of a group without being asked.",
        ("Leadership", "Initiative"),
    ),
    ("Tell me about the best team you've led.", ("Leadership",)),
    ("How do you get a team to rally behind a goal?", ("Leadership",)),
    (
        "Give an example of when you had to keep a team motivated through a rough patch.",
        ("Leadership",),
    ),
    ("Tell me about a time you messed up.", ("Failure and learning",)),
    ("What's the biggest professional mistake you've made?", ("Failure and learning",)),
    (
        "Describe a project that didn't go as planned. What would you do differently?",
        ("Failure and learning",),
    ),
    ("Tell me about a time things went wrong and it was your fault.", ("Failure and learning",)),
    (
        "Tell me about a time you had to explain a technical topic to a non-technical audience.",
        ("Communication",),
    ),
    (
        "How do you make sure your message lands with senior leadership?",
        ("Communication", "Influence without authority"),
    ),
    ("Describe a presentation you gave that went really well.", ("Communication",)),
    (
        "Tell me about a time you had to break bad news to a client.",
        ("Communication", "Customer focus"),
    ),
    ("How do you work with a team where everyone has a different working style?", ("Teamwork",)),
    ("Tell me about a successful group project you contributed to.", ("Teamwork",)),
    (
        "Describe a time you pitched in to help a teammate who was struggling.",
        ("Teamwork", "Mentoring"),
    ),
    ("What role do you usually take in a team?", ("Teamwork", "Leadership")),
    ("Tell me about a tough problem you cracked.", ("Problem solving",)),
    ("Walk me through how you got to the root cause of a tricky issue.", ("Problem solving",)),
    (
        "Describe a time you used data to figure out what was going wrong.",
        ("Problem solving", "Decision making"),
    ),
    (
        "How do you approach a problem you've never seen before?",
        ("Problem solving", "Adaptability"),
    ),
    ("Tell me about a time you had to adjust to a big change at work.", ("Adaptability",)),
    ("Describe a time your manager changed the plan at the last minute.", ("Adaptability",)),
    ("How do you cope when the goalposts keep moving?", ("Adaptability",)),
    (
        "Tell me about a time you had to get up to speed on something new in a hurry.",
        ("Adaptability", "Problem solving"),
    ),
    ("Tell me about something you improved without anyone asking you to.", ("Initiative",)),
    ("Give me an example of a time you went beyond your job description.", ("Initiative",)),
    ("Describe a time you spotted an opportunity and ran with it.", ("Initiative",)),
    (
        "Tell me about a time you convinced others to adopt your idea.",
        ("Influence without authority",),
    ),
    ("How have you won over a skeptical stakeholder?", ("Influence without authority",)),
    (
        "Describe a time you got buy-in from people who didn't report to you.",
        ("Influence without authority",),
    ),
    (
        "Tell me about a time you pushed back on a product manager.",
        ("Conflict resolution", "Influence without authority", "Prioritization"),
    ),
    ("Tell me about a time you dealt with an unhappy customer.", ("Customer focus",)),
    ("How do you make sure you understand what users actually need?", ("Customer focus",)),
    (
        "Describe a time you put the client first even when it was inconvenient.",
        ("Customer focus",),
    ),
    ("Tell me about a judgment call you had to make quickly.", ("Decision making",)),
    ("Describe a difficult choice you made with limited information.", ("Decision making",)),
    ("How do you make decisions when there's no clear right answer?", ("Decision making",)),
    ("Tell me about a time you hit an ambitious target.", ("Delivering results",)),
    ("What's an accomplishment you're really proud of?", ("Delivering results",)),
    (
        "Describe a time you got a project over the finish line against the odds.",
        ("Delivering results",),
    ),
    ("Tell me about an original idea you brought to your team.", ("Creativity and innovation",)),
    (
        "Describe a time you found a clever workaround.",
        ("Creativity and innovation", "Problem solving"),
    ),
    (
        "How have you made a process more efficient?",
        ("Creativity and innovation", "Problem solving"),
    ),
    (
        "Describe a time you handled an outage under pressure.",
        ("Working under pressure", "Problem solving"),
    ),
    ("How do you stay calm when things get stressful?", ("Working under pressure",)),
    (
        "Tell me about a time you were on call and something broke in production.",
        ("Working under pressure", "Problem solving"),
    ),
    ("Tell me about a crisis you had to manage.", ("Working under pressure", "Leadership")),
    ("Walk me through a system you designed and the trade-offs you made.", ("Technical depth",)),
    (
        "Tell me about the most technically complex project you've worked on.",
        ("Technical depth", "Problem solving"),
    ),
    (
        "Describe a time you made an architecture decision that others disagreed with.",
        ("Technical depth", "Decision making", "Conflict resolution"),
    ),
]

# (text, acceptable competencies) in Amazon's Leadership Principles.
AMAZON: list[tuple[str, tuple[str, ...]]] = [
    (
        "Tell me about a time you went out of your way to make a customer happy.",
        ("Customer Obsession",),
    ),
    (
        "Give an example of when you used customer feedback to drive a change.",
        ("Customer Obsession",),
    ),
    ("Who was your most difficult customer and how did you handle them?", ("Customer Obsession",)),
    ("Tell me about a time you took on a problem that wasn't yours to solve.", ("Ownership",)),
    (
        "Describe a time you made a sacrifice in the short term for a long-term gain.",
        ("Ownership", "Think Big"),
    ),
    ("Tell me about a time you saw a problem in another team's area and fixed it.", ("Ownership",)),
    ("Tell me about the most innovative thing you've done.", ("Invent and Simplify",)),
    ("Describe a time you made something complicated much simpler.", ("Invent and Simplify",)),
    ("Give an example of a novel approach you took to an old problem.", ("Invent and Simplify",)),
    ("Tell me about a time you were wrong.", ("Are Right, A Lot", "Earn Trust")),
    (
        "Describe a decision you made with incomplete data that turned out to be right.",
        ("Are Right, A Lot", "Bias for Action"),
    ),
    (
        "Tell me about a time you sought out a view different from your own before deciding.",
        ("Are Right, A Lot",),
    ),
    ("What's something you've taught yourself recently?", ("Learn and Be Curious",)),
    (
        "Tell me about a time you dug into a subject outside your expertise out of curiosity.",
        ("Learn and Be Curious",),
    ),
    ("How do you keep your skills current?", ("Learn and Be Curious",)),
    (
        "Tell me about someone you hired or helped develop who went on to great things.",
        ("Hire and Develop the Best",),
    ),
    ("How have you coached a low performer?", ("Hire and Develop the Best",)),
    ("Describe your approach to growing the people around you.", ("Hire and Develop the Best",)),
    (
        "Tell me about a time you refused to compromise on quality.",
        ("Insist on the Highest Standards",),
    ),
    ("Describe a time you raised the bar for your team.", ("Insist on the Highest Standards",)),
    (
        "Tell me about a time you weren't satisfied with the status quo and raised standards.",
        ("Insist on the Highest Standards",),
    ),
    ("Tell me about your most ambitious project.", ("Think Big",)),
    (
        "Describe a time you proposed a bold vision that others thought was unrealistic.",
        ("Think Big",),
    ),
    (
        "Tell me about a time you looked beyond the immediate task to the bigger picture.",
        ("Think Big",),
    ),
    (
        "Tell me about a time you acted quickly without waiting for all the facts.",
        ("Bias for Action",),
    ),
    ("Describe a calculated risk you took under time pressure.", ("Bias for Action",)),
    ("Give an example of a time you moved fast to unblock a project.", ("Bias for Action",)),
    ("Tell me about a time you achieved a lot with a tiny budget.", ("Frugality",)),
    ("Describe a time you saved your company money.", ("Frugality",)),
    ("How have you made do without the resources you needed?", ("Frugality",)),
    ("Tell me about a time you had to earn the trust of a new team.", ("Earn Trust",)),
    ("Describe a time you admitted a mistake to your manager.", ("Earn Trust",)),
    (
        "Tell me about a time you gave someone honest feedback that was hard to hear.",
        ("Earn Trust",),
    ),
    (
        "Tell me about a time you dug into the details to find a problem others missed.",
        ("Dive Deep",),
    ),
    ("Describe a metric you tracked closely and what it revealed.", ("Dive Deep",)),
    ("Walk me through a time you traced an issue to its root cause.", ("Dive Deep",)),
    (
        "Tell me about a time you challenged your manager's decision.",
        ("Have Backbone; Disagree and Commit",),
    ),
    (
        "Describe a time you disagreed with your team but went along with the decision.",
        ("Have Backbone; Disagree and Commit",),
    ),
    (
        "Tell me about a time you stood up for something unpopular.",
        ("Have Backbone; Disagree and Commit",),
    ),
    ("Tell me about a time you delivered a project under a tight deadline.", ("Deliver Results",)),
    ("Describe a goal you hit despite major setbacks.", ("Deliver Results",)),
    ("What's the most important result you've delivered in the last year?", ("Deliver Results",)),
    (
        "Tell me about a time you made your workplace better for the people in it.",
        ("Strive to be Earth's Best Employer",),
    ),
    (
        "Describe how you've supported a teammate's wellbeing.",
        ("Strive to be Earth's Best Employer",),
    ),
    ("How have you created a more inclusive team?", ("Strive to be Earth's Best Employer",)),
    (
        "Tell me about a time you considered the wider impact of your work on the community.",
        ("Success and Scale Bring Broad Responsibility",),
    ),
    (
        "Describe a decision where you weighed the environmental or social cost.",
        ("Success and Scale Bring Broad Responsibility",),
    ),
    (
        "Tell me about a time you thought about the unintended consequences of something"
        " you built.",
        ("Success and Scale Bring Broad Responsibility",),
    ),
    ("Tell me about a time you mentored a junior engineer.", ("Hire and Develop the Best",)),
    (
        "Tell me about a time you had competing priorities and how you delivered.",
        ("Deliver Results",),
    ),
]

# (text, acceptable competencies) in the Tech Interview Handbook's focus areas.
TIH: list[tuple[str, tuple[str, ...]]] = [
    ("Why do you want to work here?", ("Motivation",)),
    ("What gets you excited about coming to work?", ("Motivation",)),
    ("What kind of projects energize you?", ("Motivation",)),
    ("Why are you leaving your current job?", ("Motivation",)),
    ("Tell me about a time you fixed something before anyone asked.", ("Proactivity",)),
    ("Describe a side project you started on your own.", ("Proactivity",)),
    ("Give an example of when you anticipated a problem and headed it off.", ("Proactivity",)),
    (
        "How do you handle a project with vague requirements?",
        ("Working in an unstructured environment",),
    ),
    (
        "Tell me about working somewhere with no clear process.",
        ("Working in an unstructured environment",),
    ),
    (
        "Describe a time you had to figure things out with very little direction.",
        ("Working in an unstructured environment",),
    ),
    ("Tell me about joining a fast-moving startup.", ("Working in an unstructured environment",)),
    ("Tell me about a time you kept going when you wanted to give up.", ("Perseverance",)),
    ("Describe the hardest obstacle you've overcome.", ("Perseverance",)),
    ("Tell me about a long project that nearly failed but you saw it through.", ("Perseverance",)),
    ("How do you bounce back from a setback?", ("Perseverance", "Growth")),
    (
        "Tell me about a disagreement with a teammate over a technical approach.",
        ("Conflict resolution",),
    ),
    ("How do you resolve conflicts with coworkers?", ("Conflict resolution",)),
    ("Describe a time you and a colleague clashed.", ("Conflict resolution",)),
    (
        "How would you deal with someone on your team who keeps missing deadlines?",
        ("Conflict resolution", "Empathy"),
    ),
    ("Tell me about a time you put yourself in someone else's shoes.", ("Empathy",)),
    ("How do you support a teammate going through a hard time?", ("Empathy",)),
    ("Describe a time you noticed a colleague was struggling and helped.", ("Empathy",)),
    ("Tell me about a time you had to understand a user's frustration.", ("Empathy",)),
    ("What's the most useful criticism you've received?", ("Growth",)),
    ("Tell me about a skill you've improved over the past year.", ("Growth",)),
    ("What are your biggest weaknesses?", ("Growth",)),
    ("How do you respond to critical feedback?", ("Growth",)),
    (
        "Tell me about a time you had to explain a complex design to stakeholders.",
        ("Communication",),
    ),
    ("How do you keep your team informed on a long project?", ("Communication",)),
    ("Describe a misunderstanding you cleared up.", ("Communication",)),
    ("Tell me about a time your writing changed a decision.", ("Communication",)),
    ("What are you looking for in your next role?", ("Motivation",)),
    ("Tell me about a time you took initiative.", ("Proactivity",)),
    ("How do you prioritize when there's no roadmap?", ("Working in an unstructured environment",)),
    (
        "Tell me about something you worked at for a long time before it paid off.",
        ("Perseverance",),
    ),
    (
        "Describe how you handle a coworker who disagrees with your code review.",
        ("Conflict resolution",),
    ),
    ("How do you build rapport with people very different from you?", ("Empathy",)),
    ("What did you learn from your last job?", ("Growth",)),
    ("How do you explain technical trade-offs to a non-engineer?", ("Communication",)),
    ("What motivates you?", ("Motivation",)),
]

# Job ads: (title, text, the competencies a recruiter would list, general taxonomy).
JOB_ADS: list[tuple[str, str, tuple[str, ...]]] = [
    (
        "Senior payments engineer",
        """We are hiring a senior engineer for our payments platform.
You will lead incident response for the payments services and handle production incidents
under pressure, including on-call rotations.
Design and build reliable, scalable systems; make sound architecture decisions.
Mentor junior engineers and review their code.
Partner with product and design to shape the roadmap.""",
        ("Working under pressure", "Technical depth", "Mentoring", "Teamwork", "Leadership"),
    ),
    (
        "Engineering manager",
        """As an engineering manager you will hire, grow and coach a team of eight engineers.
Set a clear direction and lead the team to deliver on ambitious goals.
Work across teams to resolve disagreements and align on priorities.
Communicate progress and risks clearly to senior leadership.""",
        (
            "Leadership",
            "Mentoring",
            "Delivering results",
            "Conflict resolution",
            "Communication",
            "Prioritization",
        ),
    ),
    (
        "Customer success manager",
        """Own the relationship with our enterprise customers and be their
advocate inside the company.
Handle escalations from frustrated clients calmly and turn them into lasting trust.
Present quarterly business reviews to executives.
Spot renewal risks early and act before anyone asks.""",
        ("Customer focus", "Communication", "Working under pressure", "Initiative"),
    ),
    (
        "Product manager",
        """Prioritise a crowded backlog and make trade-offs with incomplete information.
Influence engineering, design and sales without direct authority.
Talk to users every week to understand their needs.
Write clear specs and communicate decisions to stakeholders.""",
        (
            "Prioritization",
            "Decision making",
            "Influence without authority",
            "Customer focus",
            "Communication",
        ),
    ),
    (
        "Site reliability engineer",
        """Keep our platform up: respond to outages, run blameless postmortems and learn
from failures.
Own incidents end to end and improve our on-call tooling.
Debug hard problems across the stack and find root causes.
Automate away toil and simplify our deployment pipeline.""",
        (
            "Working under pressure",
            "Failure and learning",
            "Initiative",
            "Problem solving",
            "Creativity and innovation",
        ),
    ),
    (
        "Startup generalist",
        """Join a ten-person startup where roles are loosely defined and things change weekly.
You will be comfortable with ambiguity and adapt quickly when plans change.
Take initiative: spot what needs doing and do it without waiting to be told.
Juggle several projects at once and get results.""",
        ("Adaptability", "Decision making", "Initiative", "Prioritization", "Delivering results"),
    ),
    (
        "Teacher (secondary maths)",
        """Plan and deliver engaging maths lessons for students aged 11 to 16.
Explain hard ideas clearly and adapt your teaching to each class.
Work closely with colleagues in the department and support newly qualified teachers.
Come up with creative ways to make the curriculum relevant.""",
        ("Communication", "Adaptability", "Teamwork", "Mentoring", "Creativity and innovation"),
    ),
    (
        "Data analyst",
        """Dig into messy data to answer business questions and find the cause of changes
in our metrics.
Present findings to non-technical audiences and recommend decisions.
Collaborate with finance and operations teams.
Deliver accurate reports on tight deadlines.""",
        (
            "Problem solving",
            "Communication",
            "Decision making",
            "Teamwork",
            "Delivering results",
            "Prioritization",
        ),
    ),
    (
        "Nurse in charge",
        """Lead a ward team of nurses and healthcare assistants on shift.
Stay calm and make quick decisions in emergencies.
Resolve tensions between staff and with families with tact.
Put patients first in everything you do.""",
        (
            "Leadership",
            "Working under pressure",
            "Decision making",
            "Conflict resolution",
            "Customer focus",
        ),
    ),
    (
        "Platform engineer",
        """Partner with product and design teams to build internal tools.
Design APIs and services with strong technical judgement; system design experience required.
Champion new ideas and push for simpler architecture.
Convince other teams to adopt the platform.""",
        ("Teamwork", "Technical depth", "Creativity and innovation", "Influence without authority"),
    ),
    (
        "Operations lead",
        """Run daily operations for a fast-growing warehouse network.
Own results: hit throughput and accuracy targets every week.
Solve problems on the floor and improve processes.
Coach shift supervisors and build a strong team.
Adapt quickly to changing demand and peak season pressure.""",
        (
            "Delivering results",
            "Problem solving",
            "Mentoring",
            "Leadership",
            "Adaptability",
            "Working under pressure",
        ),
    ),
]
