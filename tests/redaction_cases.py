"""A labelled set for redaction: stories whose identifying spans are marked by kind.

Each text marks what identifies someone as `{kind|text}`: a listed name (colleague, client,
product, place), an organization named in the text (organization), an e-mail, a link, a phone,
a figure, or a name nobody listed (unlisted: the rule cannot know it, and says so). Everything
outside the marks must survive redaction unchanged, decoys included ("Also" when "Al" is
listed, "Janet" when "Jane" is, "2021-2023", "ASP.NET", "v3.11"). Every story shares one list
of names (NAMES) and the organizations of every source (in one export, each is hidden
everywhere). `python -m benchmarks.redaction` reports precision and recall by kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from storybank.core.models import Story, validate_story
from storybank.core.redactnames import RedactNames

NAMES = RedactNames.model_validate(
    {
        "colleague": [
            {"name": "Jane Smith", "aliases": ["Jane"]},
            {"name": "Al Moreno", "aliases": ["Al"]},
            {"name": "Bob Okafor", "aliases": ["Bob"]},
            {"name": "Priya Natarajan", "aliases": ["Priya"]},
            {"name": "Li Wei"},
            {"name": "Sean O'Brien", "aliases": ["Sean"]},
            {"name": "Zoë Müller", "aliases": ["Zoë"]},
        ],
        "client": [
            {"name": "Initech"},
            {"name": "Northwind Traders", "aliases": ["Northwind"]},
            {"name": "Umbrella Health"},
        ],
        "product": [{"name": "Falcon"}, {"name": "PayFlow"}],
        "place": [{"name": "Lisbon"}, {"name": "Denver"}],
    }
)

# What the rule claims to catch; "unlisted" is measured to show what it cannot.
CLAIMED_KINDS = (
    "colleague",
    "client",
    "product",
    "place",
    "organization",
    "email",
    "link",
    "phone",
    "figure",
)
KINDS = (*CLAIMED_KINDS, "unlisted")
_MARK = re.compile(r"\{(\w+)\|([^{}]+)\}")


@dataclass(frozen=True)
class Marked:
    """One text with its marks taken out: the plain text and the (start, end, kind) spans."""

    text: str
    spans: tuple[tuple[int, int, str], ...]

    def outside(self, *, kinds: tuple[str, ...]) -> list[str]:
        """The stretches of text between marks of `kinds` (what must survive)."""
        pieces, position = [], 0
        for start, end, kind in self.spans:
            if kind in kinds:
                pieces.append(self.text[position:start])
                position = end
        pieces.append(self.text[position:])
        return [p for p in pieces if p.strip()]


def unmark(marked: str) -> Marked:
    """Split `{kind|text}` marks from the text."""
    out: list[str] = []
    spans: list[tuple[int, int, str]] = []
    position = length = 0
    for m in _MARK.finditer(marked):
        kind, body = m.group(1), m.group(2)
        assert kind in KINDS, kind
        out.append(marked[position : m.start()])
        length += m.start() - position
        spans.append((length, length + len(body), kind))
        out.append(body)
        length += len(body)
        position = m.end()
    out.append(marked[position:])
    return Marked("".join(out), tuple(spans))


@dataclass(frozen=True)
class Case:
    """One story: its marked parts, and its source's organization and role."""

    name: str
    parts: dict[str, Marked]
    organization: str
    role: str

    def story(self) -> Story:
        """The story as a bank would hold it."""
        data: dict[str, Any] = {part: marked.text for part, marked in self.parts.items()}
        data["source"] = {"kind": "work", "organization": self.organization, "role": self.role}
        data["id"] = "s-" + format(abs(hash(self.name)) % 16**8, "08x")
        return validate_story(data)


def _case(name: str, organization: str, role: str, **parts: str) -> Case:
    return Case(name, {p: unmark(t) for p, t in parts.items()}, organization, role)


CASES: list[Case] = [
    _case(
        "outage-with-jane",
        "Globex Corp",
        "Staff Engineer",
        title="Fixed the checkout outage with {colleague|Jane Smith}",
        situation=(
            "At {organization|Globex}, checkout failed for {figure|40%} of users during the "
            "spring sale. {colleague|Jane}'s team owned the service but she was on leave."
        ),
        task="I had to restore checkout within the hour.",
        action="I rolled back the release and paged {colleague|Bob Okafor} for the database.",
        result="Checkout recovered in 35 minutes and we kept {figure|$2.1M} of orders.",
    ),
    _case(
        "al-not-also",
        "Acme Inc.",
        "Engineering Manager",
        title="Coached a new lead",
        situation="{colleague|Al} had just become a lead. Also, the team had lost two seniors.",
        task="Help {colleague|Al Moreno} run planning on his own.",
        action="We met weekly; Albert from HR joined once. Also I shadowed his first retro.",
        result="Within a quarter {colleague|AL MORENO} ran planning alone.",
    ),
    _case(
        "client-escalation",
        "Hooli",
        "Account Manager",
        title="Kept {client|Initech} after a missed deadline",
        situation="{client|Initech} threatened to leave after we slipped a release by 3 weeks.",
        task="Keep the account and rebuild trust.",
        action=(
            "I called their CTO at {phone|+1 415 555 0134} the same day and wrote to "
            "{email|cto@initech.example.com} with a recovery plan."
        ),
        result="{client|Initech} renewed for two years at {figure|$480k} a year.",
    ),
    _case(
        "northwind-migration",
        "Contoso Ltd",
        "Senior Developer",
        title="Moved {client|Northwind Traders} to the new billing API",
        situation="{client|Northwind}'s invoices were built by a script nobody understood.",
        task="Migrate them to {product|PayFlow} without a billing error.",
        action=(
            "I ran both systems side by side for a month and compared "
            "{figure|12,400} invoices line by line."
        ),
        result="No invoice differed; the old script was switched off in March.",
    ),
    _case(
        "lisbon-offsite",
        "Stark Industries",
        "Program Manager",
        title="Ran the {place|Lisbon} offsite",
        situation="Three teams from {place|Denver} and {place|Lisbon} had never met in person.",
        task="Plan a two-day offsite that people would find useful.",
        action="I asked each team for one problem to solve together, and booked rooms early.",
        result="Two cross-team projects came out of it; one shipped by summer.",
    ),
    _case(
        "priya-conflict",
        "Globex Corp",
        "Tech Lead",
        title="Settled a design dispute",
        situation="{colleague|Priya} and {colleague|Li Wei} disagreed on the queue design.",
        task="Reach a decision without losing either engineer's trust.",
        action=(
            "I wrote both designs up side by side and asked {colleague|Priya Natarajan} and "
            "{colleague|li wei} to score them against the same three needs."
        ),
        result="They chose a hybrid; {colleague|Priya} later led its rollout.",
    ),
    _case(
        "sean-onboarding",
        "Acme Inc.",
        "Engineering Manager",
        title="Rebuilt onboarding",
        situation="New hires took six weeks to ship their first change at {organization|Acme}.",
        task="Cut that to two weeks.",
        action=(
            "With {colleague|Sean O'Brien} I wrote a starter task list; {colleague|Sean}'s "
            "buddy scheme paired each hire with a senior."
        ),
        result="The median first change came in 9 days.",
    ),
    _case(
        "falcon-not-falconry",
        "Hooli",
        "Product Manager",
        title="Launched {product|Falcon} search",
        situation="{product|Falcon} was our internal name for the new search; falconry jokes "
        "followed.",
        task="Launch it to every customer by the end of Q3.",
        action="I staged the rollout and watched error rates at each step.",
        result="{product|FALCON} reached every customer with {figure|99.9%} uptime.",
    ),
    _case(
        "links-and-mail",
        "Contoso Ltd",
        "Developer Advocate",
        title="Wrote the public API guide",
        situation="Developers kept asking the same questions on the forum.",
        task="Write a guide that answers them once.",
        action=(
            "I published it at {link|https://developers.contoso.example/guide} and pointed the "
            "forum FAQ at {link|docs.contoso.io/faq}; questions went to "
            "{email|devrel@contoso.example}."
        ),
        result="Forum questions fell by half within two months.",
    ),
    _case(
        "phones-and-dates",
        "Stark Industries",
        "Support Lead",
        title="Set up the weekend support rota",
        situation="Between 2021-2023 weekend tickets waited until Monday.",
        task="Give customers a weekend answer without burning out the team.",
        action=(
            "I set up a rota from 2023-04-01 with a hotline on {phone|020 7946 0958} and a "
            "backup on {phone|(555) 123-4567}."
        ),
        result="Weekend tickets got a first answer in under 4 hours.",
    ),
    _case(
        "janet-not-jane",
        "Globex Corp",
        "Staff Engineer",
        title="Paired with a new joiner",
        situation="Janet had joined from a bootcamp and {colleague|Jane} asked me to help.",
        task="Get Janet to review code on her own.",
        action="We paired on reviews for three weeks.",
        result="Janet now reviews for the whole team.",
    ),
    _case(
        "bobby-not-bob",
        "Acme Inc.",
        "Team Lead",
        title="Fixed a SQL injection",
        situation="A form let anyone run SQL; the classic Bobby Tables joke was real for us.",
        task="Close the hole the same day.",
        action="{colleague|Bob} and I moved every query to parameters.",
        result="A follow-up audit found no other injectable query.",
    ),
    _case(
        "umbrella-contract",
        "Hooli",
        "Sales Engineer",
        title="Won the {client|Umbrella Health} pilot",
        situation="{client|Umbrella Health} needed records kept in the EU.",
        task="Show them our storage met that.",
        action="I built a demo in the {place|Lisbon} region and walked their team through it.",
        result="They signed a pilot worth {figure|€300k}.",
    ),
    _case(
        "figures-decoys",
        "Contoso Ltd",
        "Data Engineer",
        title="Sped up the nightly report",
        situation="The report ran for 7 hours and sometimes missed the 6am deadline.",
        task="Get it under an hour on v3.11 of our stack.",
        action="I split the job into 4 stages and cached the lookups.",
        result="It now runs in 40 minutes for {figure|3.5M} rows.",
    ),
    _case(
        "unlisted-name",
        "Stark Industries",
        "Engineer",
        title="Learned to ask for help",
        situation="I was stuck on a memory leak for two days.",
        task="Find the leak before the release.",
        action="{unlisted|Marcus} from the platform team showed me the heap profiler.",
        result="We found it in an hour; I now ask after half a day.",
    ),
    _case(
        "zoe-unicode",
        "Globex Corp",
        "Designer",
        title="Redesigned the settings page",
        situation="{colleague|Zoë Müller}'s research showed users could not find billing.",
        task="Make billing findable in one click.",
        action="{colleague|ZOË} and I tested three layouts with 12 users.",
        result="Time to find billing fell from 40 seconds to 6.",
    ),
    _case(
        "org-in-text-variants",
        "Acme Inc.",
        "Site Reliability Engineer",
        title="Cut pages at {organization|Acme}",
        situation="{organization|ACME}'s on-call engineers were paged forty times a week.",
        task="Cut the noise without losing real alerts.",
        action=(
            "I grouped alerts by cause; {organization|Acme Inc.} adopted the rules company-wide."
        ),
        result="Pages fell by {figure|70%} in a month.",
    ),
    _case(
        "two-orgs",
        "Hooli",
        "Staff Engineer",
        title="Brought a practice from my last job",
        situation=(
            "At {organization|Globex} we had blameless reviews; {organization|Hooli} did not."
        ),
        task="Introduce them without a mandate.",
        action="I ran the first three reviews myself and shared the notes.",
        result="Within a quarter every team ran its own.",
    ),
    _case(
        "payflow-numbers",
        "Contoso Ltd",
        "Product Manager",
        title="Priced {product|PayFlow} for small shops",
        situation="Small shops churned after the first invoice.",
        task="Find a price they would keep paying.",
        action="I interviewed 20 owners and tested two plans.",
        result=(
            "Churn fell from {figure|18%} to {figure|11%}; revenue rose by {figure|$1.2 million}."
        ),
    ),
    _case(
        "email-in-parens",
        "Stark Industries",
        "Recruiter",
        title="Built a referral programme",
        situation="Referrals were a tenth of hires.",
        task="Make referring easy.",
        action="I set up one address ({email|refer@stark.example}) and answered within a day.",
        result="Referrals became a third of hires.",
    ),
    _case(
        "possessives",
        "Globex Corp",
        "Engineering Manager",
        title="Handed over {colleague|Jane Smith}'s team",
        situation="{colleague|Jane Smith}’s team needed a manager when she moved.",
        task="Keep the team's roadmap on track.",
        action="I met each of {colleague|Jane}’s reports in the first week.",
        result="No one left, and the roadmap held.",
    ),
    _case(
        "denver-move",
        "Hooli",
        "Team Lead",
        title="Moved a team to {place|Denver}",
        situation="The company opened a {place|Denver} office and half my team moved.",
        task="Keep one team across two places.",
        action="We kept one standup at a time both halves could make.",
        result="Delivery held steady through the move.",
    ),
    _case(
        "li-wei-mentoring",
        "Contoso Ltd",
        "Senior Developer",
        title="Mentored a graduate",
        situation="{colleague|Li Wei} joined straight from university.",
        task="Help him take on a service of his own.",
        action="We reviewed his designs weekly; Lisa from QA joined for tests.",
        result="{colleague|Li Wei} now owns the notification service.",
    ),
    _case(
        "phone-international",
        "Stark Industries",
        "Operations Manager",
        title="Ran incident calls across time zones",
        situation="Incidents at night had no clear lead.",
        task="Make sure someone always led.",
        action="I set up a bridge at {phone|+44 20 7946 0000} and a 24/7 rota of 6 leads.",
        result="Every incident since has had a named lead within 10 minutes.",
    ),
    _case(
        "many-colleagues",
        "Globex Corp",
        "Director",
        title="Reorganised two teams",
        situation="{colleague|Bob Okafor} and {colleague|Priya} ran overlapping teams.",
        task="Give each team one clear mission.",
        action=(
            "I asked {colleague|Bob}, {colleague|Priya} and {colleague|Al} to draft missions; "
            "{colleague|Jane Smith} reviewed them."
        ),
        result="Handoffs between the teams fell by half.",
    ),
    _case(
        "northwind-figures",
        "Hooli",
        "Account Manager",
        title="Grew the {client|Northwind} account",
        situation="{client|Northwind Traders} used one product of ours.",
        task="Find where a second one would help them.",
        action="I spent a day with their warehouse staff.",
        result="They added a second product worth {figure|$75,000} a year.",
    ),
    _case(
        "url-trailing-punctuation",
        "Contoso Ltd",
        "Technical Writer",
        title="Fixed the docs search",
        situation="Search on {link|https://docs.contoso.example/search?q=x} returned nothing.",
        task="Make the docs findable.",
        action="I rebuilt the index (see {link|www.contoso.example/notes}).",
        result="Search found the right page first in most of our test queries.",
    ),
    _case(
        "asp-net-decoy",
        "Acme Inc.",
        "Developer",
        title="Upgraded the ASP.NET app",
        situation="Our ASP.NET app ran on an old framework and Node.js tools were pinned.",
        task="Upgrade without downtime.",
        action="I upgraded one service at a time behind a flag, e.g. auth first.",
        result="The upgrade finished in 5 weeks with no outage.",
    ),
    _case(
        "initech-email-phone",
        "Hooli",
        "Support Engineer",
        title="Resolved {client|Initech}'s data export bug",
        situation="{client|Initech} could not export reports.",
        task="Fix it before their board meeting.",
        action=(
            "I reproduced it with their admin ({email|admin@initech.example}, "
            "{phone|555-987-6543}) on a call."
        ),
        result="The fix shipped the same evening.",
    ),
    _case(
        "big-count",
        "Stark Industries",
        "Platform Engineer",
        title="Scaled the event pipeline",
        situation="The pipeline dropped events above {figure|50,000} a second.",
        task="Handle peak traffic without loss.",
        action="I partitioned the topics and added back-pressure.",
        result="It now handles {figure|2 million} events a minute with no loss.",
    ),
    _case(
        "quiet-story",
        "Globex Corp",
        "Engineer",
        title="Wrote the first runbook",
        situation="Nobody knew how to restart the batch jobs.",
        task="Write it down.",
        action="I wrote the steps as I did them, then asked two people to follow them cold.",
        result="The next restart took ten minutes instead of two hours.",
    ),
    _case(
        "unlisted-client",
        "Contoso Ltd",
        "Consultant",
        title="Rescued a late project",
        situation="{unlisted|Wayne Enterprises} had a project six months late.",
        task="Get it live by the new date.",
        action="I cut scope with their sponsor and re-planned in two-week steps.",
        result="It went live on the new date.",
    ),
]

# Written after the rule was finished and kept as they came out, misses and false alarms
# included: the benchmark scores them apart, and the tests above do not hold them to the rule.
HARD_CASES: list[Case] = [
    _case(
        "hard-square-org",
        "Square",
        "Engineer",
        title="Rebuilt the payments dashboard",
        situation="At {organization|Square} the dashboard was a square grid nobody could read.",
        task="Make the three numbers that matter obvious.",
        action="I sat with two merchants and redrew it around their questions.",
        result="Support tickets about the dashboard stopped.",
    ),
    _case(
        "hard-mary-jane",
        "Globex Corp",
        "Team Lead",
        title="Split a team in two",
        situation="Mary-Jane Fox and {colleague|Jane} both wanted the platform work.",
        task="Give each a clear area.",
        action="I drew the line at the API; Mary-Jane took the clients.",
        result="Both areas shipped on time.",
    ),
    _case(
        "hard-socket-io",
        "Hooli",
        "Developer",
        title="Replaced polling with websockets",
        situation="The app polled every second; we moved to socket.io.",
        task="Cut server load.",
        action="I rolled it out behind a flag to {figure|10%} of users first.",
        result="Load fell by a third; the hotline at {phone|0800 123 4567} went quiet.",
    ),
    _case(
        "hard-figures-in-words",
        "Contoso Ltd",
        "Finance Partner",
        title="Found the duplicate invoices",
        situation="We paid about {figure|two million} dollars twice over three years.",
        task="Find every duplicate and recover what we could.",
        action="I matched invoices by amount and date, then by supplier.",
        result="We recovered {figure|£1.5bn}... no, {figure|£1.5m}, and closed the gap.",
    ),
    _case(
        "hard-short-phone-and-link",
        "Stark Industries",
        "Support Lead",
        title="Wrote the escalation page",
        situation="Nobody knew whom to call at night.",
        task="Put it on one page.",
        action=(
            "I listed the desk at {phone|555 0134} and the page at "
            "<{link|https://wiki.stark.example/oncall}>."
        ),
        result="Night escalations reached the right person first time.",
    ),
    _case(
        "hard-nickname",
        "Acme Inc.",
        "Engineering Manager",
        title="Gave hard feedback",
        situation="{unlisted|Bobby} (that is what everyone called {colleague|Bob}) missed reviews.",
        task="Tell him without losing him.",
        action="I gave two examples and asked what got in the way.",
        result="His reviews came back within a week.",
    ),
]
