"""Build examples/sample-bank.json: a sample bank of STAR stories, written through the real store.

Run it from the repository root with `python examples/build_sample_bank.py`. Every id and time
stamp is fixed, so building twice gives byte-identical files. All organizations and people are
invented.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

import orjson

from storybank.core.models import validate_story
from storybank.store.atomicfile import write_atomic
from storybank.store.backups import backup_dir
from storybank.store.bank import Bank
from storybank.store.index.quickindex import index_path
from storybank.store.savecounter import INDEX_KEY

OUTPUT = Path(__file__).resolve().parent / "sample-bank.json"

STORIES: list[dict[str, Any]] = [
    {
        "id": "s-1a2b3c",
        "title": "Rescued a stalled database migration by making it reversible",
        "hook": "A migration that had failed twice shipped in three weeks with zero downtime.",
        "situation": (
            "At Larkspur Logistics I was a backend engineer on the shipments team. Our main "
            "Postgres table had grown to 400 million rows, and a migration to split it by region "
            "had already failed twice: each attempt locked the table for minutes, and the "
            "warehouse scanners stopped working while it ran."
        ),
        "task": (
            "My manager asked me to own the third attempt. The goal was to finish before peak "
            "season, six weeks away, without taking the scanners offline."
        ),
        "action": (
            "I started by reading the logs of both failed runs and found that each one tried to "
            "copy and switch everything in a single step, so there was no safe point to stop. I "
            "rewrote the plan as five small steps that could each be undone: create the new "
            "tables, dual-write from the application, backfill in batches of 50,000 rows at "
            "night, compare checksums, then switch reads behind a feature flag. I wrote a "
            "one-page runbook for every step, with the exact command to roll it back, and asked "
            "two colleagues to run the rollback on a copy of production so we knew it worked. "
            "During the backfill I watched replication lag myself and slowed the batches when "
            "it passed two seconds. When the checksums found 312 rows that differed, I traced "
            "them to a timezone bug in the dual-write code, fixed it, and re-copied only those "
            "rows instead of starting over."
        ),
        "result": (
            "We switched reads in week three with no downtime and no lost scans. Query time for "
            "the busiest report fell from 9 seconds to 1.2 seconds, and the runbook template is "
            "now the team's standard for any change to a large table."
        ),
        "reflection": (
            "Big risky changes become ordinary when every step can be undone. I now ask "
            "\u201chow do we back out of this?\u201d before \u201chow do we do this?\u201d"
        ),
        "source": {
            "kind": "work",
            "organization": "Larkspur Logistics",
            "role": "Backend software engineer",
            "when": "2023-02 to 2023-04",
        },
        "competencies": ["Problem solving", "Delivering results"],
        "tags": ["databases", "migration", "zero-downtime"],
        "created_at": "2023-05-02T18:40:00Z",
        "updated_at": "2024-11-18T20:15:00Z",
    },
    {
        "id": "s-2b3c4d",
        "title": "Disagreed with a senior engineer about a caching design",
        "hook": "I changed a senior colleague's mind with a benchmark, not an argument.",
        "situation": (
            "At Larkspur Logistics a senior engineer, Dana, proposed adding a shared cache in "
            "front of our rates service to fix slow price quotes. I was two years into the job "
            "and reviewing the design. I believed the cache would serve stale prices to "
            "customers after every carrier update."
        ),
        "task": (
            "I wanted us to fix the real cause of the slowness without turning the review into "
            "a contest of seniority, and the team needed a decision within a week."
        ),
        "action": (
            "Rather than leave a long comment thread, I asked Dana for thirty minutes to talk it "
            "through. I started by saying what I agreed with: quotes were too slow and a cache "
            "was a reasonable idea. Then I shared my concern about stale prices and asked what "
            "she thought the invalidation rule would be. She had a good answer for most cases "
            "but not for carrier surcharges, which change without notice. I offered to measure "
            "instead of debating. Over two days I profiled the quote path and found that 70% of "
            "the time went to one N+1 query that loaded surcharges row by row. I wrote a small "
            "patch that batched the query and shared the numbers with Dana before showing "
            "anyone else, so she could look at them first. We agreed to ship my patch, measure "
            "for a week, and keep her cache design ready if we still needed it."
        ),
        "result": (
            "The patch cut the median quote time from 800 ms to 140 ms, and we never needed the "
            "cache. Dana asked me to co-review the next two designs on her team, and we wrote "
            "our \u201cmeasure before you cache\u201d rule into the team's design template."
        ),
        "reflection": (
            "Disagreeing in private first, and with data, kept it about the problem. I also "
            "learned to say clearly what I agree with before what I don't."
        ),
        "source": {
            "kind": "work",
            "organization": "Larkspur Logistics",
            "role": "Backend software engineer",
            "when": "2023-09",
        },
        "competencies": ["Conflict resolution", "Influence without authority"],
        "tags": ["code-review", "performance", "architecture"],
        "created_at": "2023-10-11T19:05:00Z",
        "updated_at": "2025-01-09T21:30:00Z",
    },
    {
        "id": "s-3c4d5e",
        "title": "Shipped a bug that charged 214 customers twice",
        "hook": "My mistake cost customers money; how I handled it changed how we release.",
        "situation": (
            "At Larkspur Logistics I changed the retry logic in our payment client so that "
            "timeouts would be retried automatically. I tested it against the sandbox, where "
            "every call answered quickly, and shipped it on a Thursday."
        ),
        "task": (
            "On Friday morning support reported customers charged twice for one shipment. The "
            "change was mine, so it was my job to stop the damage, make it right for customers "
            "and make sure it could not happen again."
        ),
        "action": (
            "I rolled the change back within twenty minutes of the first report and told my "
            "manager and the support lead straight away that it was my change. I then queried "
            "the payment logs and found 214 customers who had been charged twice, a total of "
            "about 9,800 euros. I wrote the refund script, had a colleague review it line by "
            "line, and ran it that afternoon. I also drafted the email to affected customers "
            "with support, apologising plainly and saying when the money would arrive. In the "
            "post-incident review I explained the root cause: a timeout does not mean the "
            "charge failed, and I had retried without an idempotency key. I added idempotency "
            "keys to every payment call and a test that simulates a slow payment provider."
        ),
        "result": (
            "Every customer was refunded within 48 hours, and support received only three "
            "follow-up complaints. There have been no duplicate charges since, and the "
            "slow-provider test has caught two similar mistakes in other people's changes."
        ),
        "reflection": (
            "I learned to test the unhappy path, not just the happy one, and that owning a "
            "mistake quickly earns more trust than it costs. I now ask \u201cwhat if this is "
            "slow?\u201d in every review of code that moves money."
        ),
        "source": {
            "kind": "work",
            "organization": "Larkspur Logistics",
            "role": "Backend software engineer",
            "when": "2024-01",
        },
        "competencies": ["Failure and learning", "Customer focus"],
        "tags": ["incident", "payments", "postmortem"],
        "created_at": "2024-02-03T10:20:00Z",
        "updated_at": "2025-03-22T16:45:00Z",
    },
    {
        "id": "s-4d5e6f",
        "title": "Cut a twelve-item roadmap down to three bets",
        "hook": "Saying no to nine good ideas is how we shipped the three that mattered.",
        "situation": (
            "As product manager for the patient app at Brightfern Health, I inherited a "
            "quarterly roadmap with twelve items, each promised to a different stakeholder. "
            "We had five engineers, and the previous quarter had finished two of its ten items."
        ),
        "task": (
            "I had to decide what we would actually build that quarter and get sales, clinical "
            "and support leads to accept it, with incomplete data about what users valued."
        ),
        "action": (
            "I listed every item with the problem it solved and asked each stakeholder for the "
            "evidence behind it. Where there was none, I looked for it: I pulled three months of "
            "support tickets and found that 38% were about rescheduling appointments, which was "
            "item nine on the list. I estimated each item with the tech lead in days, not "
            "points, and scored them on reach, impact and effort in a shared sheet that anyone "
            "could challenge. Then I met each stakeholder one to one before the planning meeting "
            "to walk through where their item landed and why, so nobody was surprised in the "
            "room. For the sales lead, whose item was cut, I agreed a smaller version: a "
            "one-page export that took two days instead of three weeks. In the meeting I "
            "presented three bets and a clear \u201cnot this quarter\u201d list."
        ),
        "result": (
            "We shipped all three bets on time. Self-service rescheduling cut related support "
            "tickets by 45% in two months, and the team finished a quarter's plan for the first "
            "time in a year. The scoring sheet became the way we planned every quarter."
        ),
        "reflection": (
            "Prioritizing is mostly preparation: the one-to-one conversations before the "
            "meeting mattered more than the scoring model."
        ),
        "source": {
            "kind": "work",
            "organization": "Brightfern Health",
            "role": "Product manager",
            "when": "2022-01 to 2022-03",
        },
        "competencies": ["Prioritization", "Decision making under ambiguity"],
        "tags": ["roadmap", "stakeholders", "healthtech"],
        "created_at": "2023-03-14T09:12:00Z",
        "updated_at": "2024-06-30T11:00:00Z",
    },
    {
        "id": "s-5e6f7a",
        "title": "Took over a launch when the project lead left",
        "hook": "I stepped in with six weeks to go and the launch landed on the date we promised.",
        "situation": (
            "Brightfern Health was launching video visits with two partner clinics. Six weeks "
            "before launch, the project lead left the company. Three teams were involved, "
            "nobody owned the overall plan, and the clinics were asking whether the date "
            "still held."
        ),
        "task": (
            "I was the product manager for one of the three teams. My director asked me to lead "
            "the whole launch and to tell her within a week whether the date was realistic."
        ),
        "action": (
            "In the first two days I met each team lead and each clinic contact and wrote down "
            "every open item in one list: 41 in total, eleven with no owner. I ran a short "
            "meeting where each unowned item got an owner and a date, and I took the three that "
            "nobody wanted, including the consent form the clinics' lawyers had to approve. I "
            "told my director the date could hold only if we dropped screen sharing from the "
            "first release, and I explained that to the clinics myself. I set up a fifteen-"
            "minute stand-up three times a week and a one-page status note every Friday, with "
            "risks in red at the top. When the video vendor's test environment went down for "
            "four days, I arranged for our QA engineer to test against production with fake "
            "patients, with the vendor's written agreement."
        ),
        "result": (
            "We launched on the promised date with both clinics. In the first month, 1,900 "
            "video visits took place, and no-shows for those appointments were 30% lower than "
            "for in-person visits. Screen sharing followed five weeks later."
        ),
        "reflection": (
            "Leading without notice taught me that a single visible list of open items, each "
            "with one name next to it, does more than any tool."
        ),
        "source": {
            "kind": "work",
            "organization": "Brightfern Health",
            "role": "Product manager",
            "when": "2022-05 to 2022-06",
        },
        "competencies": ["Leadership", "Delivering results"],
        "tags": ["launch", "cross-team", "healthtech"],
        "created_at": "2023-03-20T08:30:00Z",
        "updated_at": "2024-09-14T13:25:00Z",
    },
    {
        "id": "s-6f7a8b",
        "title": "Interviewed clinic staff before we built the booking screen",
        "hook": "Twelve interviews with receptionists changed what we built.",
        "situation": (
            "At Brightfern Health, sales had promised a clinic chain a new booking screen for "
            "receptionists. The design was already drawn, based on what the clinic managers "
            "had asked for, and engineering was ready to start."
        ),
        "task": (
            "I was not convinced the managers' wishes matched what receptionists needed on a "
            "busy morning. I had no authority to stop the work, but I wanted two weeks to check."
        ),
        "action": "",
        "result": (
            "The redesigned screen cut average booking time from 3 minutes to 1 minute 40 "
            "seconds in the pilot clinic, and the chain rolled it out to all nine sites."
        ),
        "reflection": "",
        "source": {
            "kind": "work",
            "organization": "Brightfern Health",
            "role": "Product manager",
            "when": "2021-10",
        },
        "competencies": ["Customer focus", "Influence without authority"],
        "tags": ["user-research", "healthtech"],
        "created_at": "2025-02-11T21:10:00Z",
        "updated_at": "2025-02-11T21:42:00Z",
    },
    {
        "id": "s-7a8b9c",
        "title": "Settled a handover dispute between day and night shifts",
        "hook": "Two shifts blamed each other; a shared handover sheet ended it.",
        "situation": (
            "I was a registered nurse on a 28-bed surgical ward at St. Aldric Community "
            "Hospital. Day and night shift staff had been arguing for weeks about handovers: "
            "night staff said day staff left tasks undone, and day staff said night staff "
            "handed over too quickly to follow. Two medication doses had been missed in a month."
        ),
        "task": (
            "I was not a manager, but I worked both shifts on rotation and trusted people on "
            "each side. The ward manager asked me to help find a fix before it affected a "
            "patient more seriously."
        ),
        "action": (
            "I started by listening. Over a week I spoke to six nurses from each shift, one at "
            "a time and away from the ward, and asked each the same two questions: what goes "
            "wrong at handover, and what would make it easier for you. I wrote down their words "
            "rather than my summary. Both sides wanted the same thing: to know what was "
            "outstanding for each patient without relying on memory at 7 a.m. I drafted a "
            "one-page handover sheet per patient with a section for pending tasks, and asked "
            "two nurses from each shift to change it before we tried it. We trialled it for two "
            "weeks on half the ward. I then held a short meeting at shift change, with both "
            "shifts present, where I shared the anonymous quotes from both sides so each could "
            "hear that the other had the same frustrations."
        ),
        "result": (
            "Handovers became shorter, from about 45 to 30 minutes, and there were no missed "
            "doses in the following three months. The ward adopted the sheet, and two other "
            "wards asked for a copy."
        ),
        "reflection": (
            "Most conflicts I have seen are about a shared problem that each side blames on "
            "the other. Hearing each side separately first made the joint meeting calm."
        ),
        "source": {
            "kind": "work",
            "organization": "St. Aldric Community Hospital",
            "role": "Registered nurse",
            "when": "2019",
        },
        "competencies": ["Conflict resolution", "Communication"],
        "tags": ["patient-safety", "handover", "nursing"],
        "created_at": "2023-06-05T17:00:00Z",
        "updated_at": "2024-04-02T18:10:00Z",
    },
    {
        "id": "s-8b9c0d",
        "title": "Ran the ward through a norovirus outbreak as nurse in charge",
        "hook": "Nine patients fell ill in one night shift; I kept the ward safe until morning.",
        "situation": (
            "I was nurse in charge of a night shift at St. Aldric Community Hospital when nine "
            "patients on our 28-bed ward developed vomiting and diarrhoea within four hours. Two "
            "of our five staff were new, and the infection control team would not be in until "
            "8 a.m."
        ),
        "task": (
            "I had to stop the spread, keep every patient safe and keep a frightened team "
            "working calmly until the day team and infection control arrived."
        ),
        "action": (
            "I treated it as norovirus until proven otherwise and called the on-call doctor and "
            "the site manager within the first hour. I closed the ward to admissions and "
            "moved the ill patients into one bay so we could cohort them. I split the team: two "
            "experienced nurses cared only for the affected bay, and the others for everyone "
            "else, so nobody walked between the two groups. I paired each new nurse with an "
            "experienced one and showed them the protective equipment and cleaning steps "
            "myself. Every hour I checked the sick patients' fluid balance and observations and "
            "escalated two elderly patients who became dehydrated. I kept a simple timeline on "
            "a whiteboard of who fell ill, when and what we did, so the morning handover would "
            "be complete. At 6 a.m. I phoned families of the affected patients before visiting "
            "hours, so they did not arrive unprepared."
        ),
        "result": (
            "Only two more patients became ill after the first night, none of them outside the "
            "original bay, and no staff member caught it. The ward reopened after six days, "
            "three days sooner than the previous outbreak. Infection control used my timeline "
            "as an example in their staff training."
        ),
        "reflection": (
            "In a crisis, clear roles calm people faster than reassurance. I now brief new "
            "staff on the outbreak steps during induction, not during an outbreak."
        ),
        "source": {
            "kind": "work",
            "organization": "St. Aldric Community Hospital",
            "role": "Registered nurse, nurse in charge on nights",
            "when": "2020-01",
        },
        "competencies": ["Leadership", "Adaptability"],
        "tags": ["crisis", "infection-control", "nursing"],
        "created_at": "2023-06-12T20:45:00Z",
        "updated_at": "2024-08-21T07:55:00Z",
    },
    {
        "id": "s-9c0d1e",
        "title": "Mentored a new teacher through a hard first term",
        "hook": "A new colleague nearly quit in October; she is now head of year.",
        "situation": (
            "At Millbrook Secondary School I taught maths and was asked to mentor Priya, a "
            "newly qualified teacher. By October her Year 10 class was regularly out of control, "
            "she was working until midnight, and she told me she was thinking of leaving."
        ),
        "task": (
            "My job was to help her get the class back and find a sustainable workload, without "
            "taking over and undermining her in front of the students."
        ),
        "action": (
            "First I asked her what a good lesson would look like to her, so the goals were "
            "hers rather than mine. I watched two of her lessons and wrote down only what I saw, "
            "not judgements, then we chose one thing to change at a time, starting with the "
            "first five minutes of the lesson. I shared my own seating plans and starter "
            "activities so she did not have to invent everything. She observed two of my "
            "classes, including a bad one, which I think helped more than anything I said. We "
            "met for twenty minutes every Wednesday, always with a single action for the next "
            "week. To help with her workload, I showed her how I mark with short codes instead "
            "of long comments, which cut her marking time roughly in half. When a parent "
            "complained, I sat in on the call but let her lead it."
        ),
        "result": (
            "By February, behaviour incidents in her Year 10 class had dropped from about eight "
            "a week to one or two, and her class's mock exam results matched the year average. "
            "She stayed, and three years later she became head of year."
        ),
        "reflection": (
            "Mentoring worked best when I gave one small next step at a time and showed my own "
            "bad days. I now use the same approach with anyone I onboard."
        ),
        "source": {
            "kind": "work",
            "organization": "Millbrook Secondary School",
            "role": "Maths teacher",
            "when": "2016-09 to 2017-02",
        },
        "competencies": ["Mentoring", "Communication"],
        "tags": ["teaching", "onboarding", "coaching"],
        "created_at": "2023-01-22T15:30:00Z",
        "updated_at": "2023-11-04T10:05:00Z",
    },
    {
        "id": "s-0d1e2f",
        "title": "Rebuilt a Year 9 algebra unit around a real problem",
        "hook": "Students who hated algebra planned a school trip with it, and their scores rose.",
        "situation": (
            "At Millbrook Secondary School, our Year 9 algebra unit had the lowest test scores "
            "of the year and the most complaints of \u201cwhen will we ever use this?\u201d. The "
            "unit was a textbook sequence that had not changed in years."
        ),
        "task": (
            "The head of maths asked me to redesign the unit for the next term, keeping the "
            "same curriculum goals and the same six weeks."
        ),
        "action": (
            "I asked two classes what they found pointless, and many mentioned trips they could "
            "not afford. So I rebuilt the unit around planning a real year-group trip: students "
            "used equations to compare coach prices, inequalities to stay within a budget and "
            "simple graphs to choose between two venues. Each lesson still taught the same "
            "skills as before, but started from a question about the trip. I wrote six short "
            "worksheets and a marking guide so other teachers could teach it without extra "
            "preparation, and I tested the first two lessons with my own class before sharing "
            "them. I kept the old end-of-unit test so we could compare results fairly. The "
            "winning trip plan was presented to the head teacher by the students themselves."
        ),
        "result": (
            "The average unit test score rose from 54% to 67% across four classes, and the "
            "share of students failing the test halved. The school ran the trip the students "
            "planned, and the unit is still taught in the same form."
        ),
        "reflection": (
            "Relevance is not decoration: the students worked harder because the answers "
            "mattered to them. I learned to ask learners what feels pointless before "
            "designing anything."
        ),
        "source": {
            "kind": "work",
            "organization": "Millbrook Secondary School",
            "role": "Maths teacher",
            "when": "2017",
        },
        "competencies": ["Creativity", "Problem solving"],
        "tags": ["teaching", "curriculum"],
        "created_at": "2023-01-28T12:00:00Z",
        "updated_at": "2023-09-17T09:40:00Z",
    },
    {
        "id": "s-1e2f3a",
        "title": "Got a group project back on track when a teammate went silent",
        "hook": "One of four teammates disappeared three weeks before the deadline.",
        "situation": (
            "In my second year at Harwick University, I was in a group of four building a "
            "market study for a local bakery as our business analytics assignment, worth 40% "
            "of the module. Three weeks before the deadline, one member had stopped answering "
            "messages and had not delivered his part, the customer survey analysis."
        ),
        "task": (
            "Nobody had been named leader. I wanted the project finished on time, and I wanted "
            "to be fair to our teammate rather than simply report him."
        ),
        "action": (
            "I messaged him privately rather than in the group chat, saying we missed him and "
            "asking if he was all right. When he didn't reply in two days, I caught him after a "
            "lecture. He admitted he was overwhelmed by a part-time job and embarrassed to say "
            "so. I suggested he take a smaller piece he could finish, the charts and the "
            "appendix, and said I would take on the survey analysis with another teammate. I "
            "then proposed to the whole group a shared plan with each task, owner and date, and "
            "a fifteen-minute check-in every Monday. I was honest with our tutor that we had "
            "changed the split of work, without blaming anyone, and asked whether she wanted "
            "our contribution statement to reflect it. She did, so we wrote it together."
        ),
        "result": (
            "We submitted two days early and received 74%, the second-highest mark in the "
            "cohort. Our teammate delivered his part on time, and the bakery used two of our "
            "recommendations in its next menu."
        ),
        "reflection": (
            "Asking privately before escalating turned a conflict into a workload problem I "
            "could help with. I also learned that a written plan makes it easier for people "
            "to speak up early."
        ),
        "source": {
            "kind": "education",
            "organization": "Harwick University",
            "role": "BSc Business Analytics student",
            "when": "2019-03",
        },
        "competencies": ["Teamwork", "Conflict resolution"],
        "tags": ["group-assignment", "university"],
        "created_at": "2023-02-07T19:20:00Z",
        "updated_at": "2023-12-01T08:15:00Z",
    },
    {
        "id": "s-2f3a4b",
        "title": "Changed my thesis method four months before the deadline",
        "hook": "My data source disappeared; I rebuilt the study and still submitted on time.",
        "situation": (
            "My master's thesis at Harwick University studied how bus timetable changes "
            "affected ridership. Four months before the deadline, the transport authority that "
            "had agreed to give me ticket data withdrew because of a new privacy policy."
        ),
        "task": (
            "I had to decide quickly whether to ask for an extension, change topic, or find "
            "another way to answer the question, without knowing which option would work."
        ),
        "action": (
            "I gave myself one week to explore options before deciding, and I wrote down what "
            "would make each one succeed or fail. I found that the authority published hourly "
            "passenger counts at stations as open data, which was less detailed but public. I "
            "ran a quick test on one route to check the counts showed the effect I expected "
            "from the timetable change; they did, though with more noise. I met my supervisor "
            "with that test, a revised research question and a plan, rather than just the bad "
            "news. She agreed, on the condition that I said clearly in the thesis what the "
            "coarser data could not show. I rewrote my methods chapter, learned a "
            "difference-in-differences model in three weeks from a statistics course and a "
            "colleague's code, and set weekly deadlines that I shared with my supervisor."
        ),
        "result": (
            "I submitted on time and received a distinction. The transport authority asked for "
            "a copy, and my analysis of the night-bus change was cited in their next service "
            "review."
        ),
        "reflection": (
            "When a plan collapses, a short, time-boxed look at alternatives beats both panic "
            "and stubbornness. Bringing a tested option to my supervisor made the conversation "
            "about the plan, not the problem."
        ),
        "source": {
            "kind": "education",
            "organization": "Harwick University",
            "role": "MSc Transport Planning student",
            "when": "2020-2021",
        },
        "competencies": ["Adaptability", "Decision making under ambiguity"],
        "tags": ["thesis", "research", "data"],
        "created_at": "2023-04-16T14:50:00Z",
        "updated_at": "2024-03-08T17:35:00Z",
    },
    {
        "id": "s-3a4b5c",
        "title": "Led a five-person capstone team to the top grade",
        "hook": "Five students, two time zones, one working app for a real charity.",
        "situation": (
            "For the final-year capstone at Harwick University, my team of five built a "
            "volunteer-scheduling web app for a local charity. Two members were studying abroad "
            "that term, six hours ahead, and the team had never worked together."
        ),
        "task": (
            "The team chose me as lead. I had to turn five people with different skills and "
            "schedules into a team that delivered a working app in twelve weeks."
        ),
        "action": (
            "In the first week I asked everyone what they wanted to learn as well as what they "
            "were good at, and assigned work to match both, so our strongest coder paired with "
            "the person who wanted to learn back-end work. I set up two-week sprints and moved "
            "our stand-up to 9 a.m. UK time so the members abroad were not working late. I "
            "wrote down every decision in a shared document, which meant nobody was left out "
            "of conversations they missed. When two teammates argued about the database "
            "design, I asked each to write half a page on their option and we chose together "
            "with the charity's needs in front of us. I also kept the charity's coordinator "
            "involved with a demo every sprint, which caught a misunderstanding about shift "
            "swaps in week four instead of at the end."
        ),
        "result": (
            "We delivered on time and received the top grade in the cohort, 82%. The charity "
            "used the app for a year, scheduling about 120 volunteers a month, and everyone on "
            "the team said in our retrospective that they would work together again."
        ),
        "reflection": (
            "Leading peers is about making it easy to contribute: clear decisions, fair "
            "meeting times and work that matches what people want to learn."
        ),
        "source": {
            "kind": "education",
            "organization": "Harwick University",
            "role": "Team lead, final-year capstone",
            "when": "2019-09 to 2019-12",
        },
        "competencies": ["Leadership", "Teamwork"],
        "tags": ["capstone", "university", "remote"],
        "created_at": "2023-02-10T18:00:00Z",
        "updated_at": "2024-01-15T19:45:00Z",
    },
    {
        "id": "s-4b5c6d",
        "title": "Redesigned a food bank's volunteer rota to stop no-shows",
        "hook": "A text reminder and a swap list took no-shows from one in four to one in twenty.",
        "situation": (
            "I volunteer on Saturdays at Eastgate Community Pantry, which feeds about 200 "
            "households a week. The rota was a paper sheet on the door, and about a quarter of "
            "volunteers did not turn up, so queues stretched into the street in winter."
        ),
        "task": (
            "Nobody asked me to fix it, but I saw the queue every week. I wanted to reduce "
            "no-shows without adding work for the coordinator, who was a volunteer too."
        ),
        "action": (
            "I asked the coordinator if I could try something for a month, and she agreed. I "
            "rang ten volunteers who had missed shifts and asked why. Most had simply forgotten "
            "or could not find someone to swap with. I moved the rota into a free shared "
            "spreadsheet and set up an automatic text reminder two days before each shift. I "
            "added a swap list, so anyone who could not come could offer the shift to others "
            "without calling the coordinator. Because several older volunteers did not use "
            "smartphones, I kept a printed copy on the door and updated it every Friday myself. "
            "I wrote a one-page guide so the coordinator could run it without me and showed her "
            "how to use it twice."
        ),
        "result": (
            "No-shows fell from about 25% to 5% within two months, and the average wait in the "
            "queue went from 40 minutes to 15. The pantry still uses the system two years "
            "later, and a sister pantry copied it."
        ),
        "reflection": (
            "Asking the people who missed shifts was the most useful step; the fix was simple "
            "once I knew the reason. Keeping the paper copy taught me to design for everyone, "
            "not just people like me."
        ),
        "source": {
            "kind": "volunteer",
            "organization": "Eastgate Community Pantry",
            "role": "Saturday volunteer",
            "when": "2022-10 to 2022-12",
        },
        "competencies": ["Initiative", "Problem solving"],
        "tags": ["volunteering", "operations", "community"],
        "created_at": "2023-07-19T09:35:00Z",
        "updated_at": "2024-10-27T12:20:00Z",
    },
    {
        "id": "s-5c6d7e",
        "title": "Missed the league registration deadline for my youth team",
        "hook": "A form I forgot nearly cost eighteen children their season.",
        "situation": (
            "I coached the under-11 team at Riverside Juniors, a volunteer-run football club. "
            "Registration for the county league closed on 31 August. I had the form half "
            "filled in, and then I went on holiday and forgot it."
        ),
        "task": (
            "When the league published the fixtures without us, I had to tell the club and "
            "eighteen families, and find a way for the children to play that season."
        ),
        "action": (
            "That evening I called the club chair and told her it was my mistake before she "
            "heard it elsewhere. The next morning I phoned the league secretary, apologised, "
            "and asked what options existed rather than asking for an exception. She told me a "
            "team had withdrawn from the neighbouring division. I filled in the late form, paid "
            "the late fee myself, and got the club's agreement to enter that division. I wrote "
            "to the parents the same day, said plainly what had happened and what the new "
            "division meant for travel, and offered to organise car-sharing for the longer "
            "away games, which I then did. To make sure it could not happen again, I put every "
            "league deadline in a shared club calendar with two reminders and asked the "
            "assistant coach to be a second name on each registration."
        ),
        "result": (
            "The team played a full season of 18 matches and lost only two players, both for "
            "reasons unrelated to the move. The club adopted the shared calendar for all nine "
            "of its teams, and no deadline has been missed since."
        ),
        "reflection": (
            "I learned not to rely on memory for anything other people depend on. Owning the "
            "mistake fast meant the conversation with parents was about solutions, not blame."
        ),
        "source": {
            "kind": "volunteer",
            "organization": "Riverside Juniors FC",
            "role": "Under-11 volunteer coach",
            "when": "2021-09",
        },
        "competencies": ["Failure and learning", "Communication"],
        "tags": ["coaching", "volunteering", "accountability"],
        "created_at": "2023-08-24T20:05:00Z",
        "updated_at": "2025-04-13T10:50:00Z",
    },
    {
        "id": "s-6d7e8f",
        "title": "Built a budgeting app for shared households",
        "hook": "A weekend script for my flatmates grew into an app other households use.",
        "situation": (
            "I shared a flat with three people, and splitting bills by hand in a spreadsheet "
            "caused an argument every month. None of the apps we tried handled bills that only "
            "some of us shared, such as the cleaner."
        ),
        "task": (
            "I decided to build a small web app in my spare time that fixed our problem, and to "
            "see whether other shared households had the same need."
        ),
        "action": (
            "I wrote a first version in two weekends with only one feature: each bill lists who "
            "shares it, and the app shows who owes whom. My flatmates used it for a month while "
            "I fixed what annoyed them. I then posted it on two student housing forums, asked "
            "for feedback, and added the top request, recurring bills. I kept it free and "
            "open source, wrote a short privacy page explaining that nothing is shared "
            "outside the household, and set up automatic backups after a user lost data."
        ),
        "result": "",
        "reflection": "",
        "source": {
            "kind": "personal",
            "organization": "Tallyhouse (side project)",
            "role": "Sole developer",
            "when": "2024-06 to present",
        },
        "competencies": ["Initiative", "Creativity"],
        "tags": ["side-project", "web-app", "open-source"],
        "created_at": "2025-05-03T11:15:00Z",
        "updated_at": "2025-06-21T16:00:00Z",
    },
    {
        "id": "s-7e8f9a",
        "title": "Worked through a weekend to hit a release date",
        "hook": "I hit the date, but I would not tell this story the same way again.",
        "situation": (
            "In my first job at Larkspur Logistics, a customer-facing tracking page was "
            "promised to a large retailer for a Monday. On Friday afternoon it was still "
            "missing its map view and failed two of the retailer's acceptance tests."
        ),
        "task": (
            "I had built most of the page, and I felt responsible for getting it over the line "
            "by Monday morning."
        ),
        "action": (
            "I worked most of Saturday and Sunday alone. I fixed the two failing acceptance "
            "tests first, because they blocked sign-off, then built a simpler static map "
            "instead of the interactive one in the design, and wrote a note explaining the "
            "change. On Sunday evening I deployed it to the staging environment and sent the "
            "account manager screenshots and the list of what had changed, so she could warn "
            "the customer before the demo. I did not tell my manager I was working the "
            "weekend, which I later realised was a mistake: she would have moved the date or "
            "found help."
        ),
        "result": (
            "The page went live on Monday and the retailer signed off the same day. Over the "
            "next quarter it handled about 50,000 tracking lookups a day. The interactive map "
            "followed two sprints later."
        ),
        "reflection": (
            "The result was good, but the way I got there did not scale. I now raise a "
            "slipping date early instead of absorbing it quietly, and I keep this story for "
            "questions about what I would do differently."
        ),
        "source": {
            "kind": "work",
            "organization": "Larkspur Logistics",
            "role": "Junior software engineer",
            "when": "2021-11",
        },
        "competencies": ["Delivering results"],
        "tags": ["deadline", "early-career"],
        "archived": True,
        "created_at": "2023-01-15T10:00:00Z",
        "updated_at": "2023-10-30T09:00:00Z",
    },
]


def _remove(path: Path) -> None:
    """Delete a file or folder if it exists, so the build starts from nothing."""
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()


def build(path: Path) -> None:
    """Write the sample bank to `path`, replacing any old copy, its backups, lock file and index."""
    lock = path.with_name(f"{path.name}.lock")
    for old in (path, backup_dir(path), lock, index_path(path)):
        _remove(old)
    Bank(path).add_many([validate_story(data) for data in STORIES])
    # Every write leaves a lock file and a quick index (which names this very file, so a copy
    # could not use it): the sample ships without them.
    _remove(lock)
    _remove(index_path(path))
    # The key that signs a bank's quick index is that bank's secret, and a published one would
    # be everyone's: the sample ships without one, and a copy gets its own on its first save.
    raw = orjson.loads(path.read_bytes())
    for meta in raw["meta"].values():
        meta.pop(INDEX_KEY, None)
    write_atomic(path, orjson.dumps(raw))


def main(argv: list[str]) -> int:
    """Build into the path given, or into examples/sample-bank.json."""
    target = Path(argv[1]) if len(argv) > 1 else OUTPUT
    build(target)
    print(f"Wrote {len(STORIES)} stories to {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
