"""Held-out job ads for `prepare`, written before the job-ad tuning of issue #14.

Never tuned on: they are reported beside the ads in benchmarks/retrieval_set.py so that a gain
there which does not carry over to other ads shows. Unlike those, they are whole ads as job
boards carry them: a blurb about the employer, the duties, what the candidate brings, the
benefits and an equal-opportunity statement. Each comes with the competencies (general
taxonomy) a recruiter would list as asked for; the blurb, the benefits and the statement ask
for none.
"""

from __future__ import annotations

# (title, text, the competencies a recruiter would list, general taxonomy)
FRESH_JOB_ADS: list[tuple[str, str, tuple[str, ...]]] = [
    (
        "Customer support team lead",
        """Customer Support Team Lead (remote, UK)

About Brightwater
Brightwater is a fast-growing team of 200 people on a mission to make payroll simple for small
businesses. We are driven by transparency, ownership and kindness, and we have grown 3x in the
last two years.

What you'll do
- Lead a team of six support specialists across two time zones.
- Coach your team through weekly one-to-ones and ticket reviews.
- Handle escalated tickets from upset customers and keep them calm.
- Spot recurring issues and get to their root causes with our product team.
- Keep response-time targets on track during our busiest weeks.

What you'll bring
- 2+ years in customer support, including at least a year leading people.
- Excellent written communication.
- You are comfortable in a fast-changing environment.

Benefits
- Competitive salary and share options.
- 28 days' holiday plus bank holidays.
- Remote-first, with a whole-team offsite twice a year.
- A learning budget of £1,000 a year.

Brightwater is an equal opportunity employer. We do not discriminate on the basis of race,
religion, colour, national origin, gender, sexual orientation, age, marital status, veteran
status or disability. If you need any adjustments during the process, just let us know.""",
        (
            "Leadership",
            "Mentoring",
            "Customer focus",
            "Working under pressure",
            "Problem solving",
            "Delivering results",
            "Communication",
            "Adaptability",
        ),
    ),
    (
        "Backend engineer, scheduling",
        """Backend Engineer — Scheduling Platform

Northwind Health builds software that helps 300 hospitals plan their staff rotas. Our
engineering team is small, senior and friendly, and we make technical decisions together.

The role
You will design, build and operate the services and APIs behind our scheduling product, and
improve the performance and reliability of our PostgreSQL databases. You will take part in an
on-call rotation and help us learn from every incident through blameless reviews. You will work
closely with product managers and designers to ship features that clinicians love, and write
clear design documents that others can follow.

About you
- Strong experience with Python or Go.
- Experience with distributed systems in production.
- You care about the nurses and doctors who use what we build.

What we offer
Private health insurance, a pension with matching up to 6%, flexible hours and a home-office
budget. We are proud to be a diverse team and we welcome applicants from every background.""",
        (
            "Technical depth",
            "Working under pressure",
            "Failure and learning",
            "Teamwork",
            "Customer focus",
            "Communication",
        ),
    ),
    (
        "Garden centre store manager",
        """Store Manager — Harbour & Pine Garden Centres

Founded in 1982, Harbour & Pine is a family-owned group of 40 garden centres. We are proud of
our friendly service and our award-winning plant range, and we have been voted a top place to
work in the region.

Your responsibilities
* Run the store day to day and be accountable for sales, stock and staffing.
* Recruit, train and develop a team of 15, and build a rota that works.
* Give every customer a great experience and deal with complaints fairly.
* Make quick decisions on the shop floor during the busy spring season.
* Find ways to cut waste and improve how the store runs.

What we're looking for
* Previous experience managing a retail team.
* Organised, and able to juggle competing priorities.
* Good commercial awareness.

In return: a 25% staff discount, a quarterly bonus scheme and free parking. Harbour & Pine is
committed to equality, diversity and inclusion and welcomes applications from everyone.""",
        (
            "Leadership",
            "Delivering results",
            "Mentoring",
            "Customer focus",
            "Decision making",
            "Creativity and innovation",
            "Prioritization",
        ),
    ),
    (
        "Charity programme coordinator",
        """Programme Coordinator, Open Doors

Open Doors is a charity supporting young people leaving care in Leeds and Bradford. Since 2005
we have helped more than 3,000 young people find a safe home and build the life they want.

About the role
You will coordinate our mentoring programme for 60 young people and 40 volunteers. You will
build relationships with local councils, housing providers and funders, and persuade them to
back our work. You will report on outcomes to our trustees and funders, recruit and support
our volunteer mentors, and adapt the programme as funding and needs change.

You will need
- Excellent communication skills, written and spoken.
- The ability to work on your own and use your initiative.
- Experience of working with vulnerable young people is desirable.

35 hours a week, flexible working, 25 days' annual leave plus bank holidays and an employee
assistance programme. We particularly welcome applications from people with lived experience
of care. Open Doors is an equal opportunities employer.""",
        (
            "Influence without authority",
            "Communication",
            "Initiative",
            "Adaptability",
            "Mentoring",
        ),
    ),
]
