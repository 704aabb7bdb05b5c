"""Demo discussions for a local run (`manage.py seed_demo`). All text here is our own writing.

Each seeded post has a `Topic`: points readers make about it, and for each point the question,
agreement and pushback it draws and the commenter's replies to those, so a reply always answers
what its parent said. Lead-ins and sign-offs vary the wording, and no text appears more than twice
in one discussion. Posts without a topic of their own get `GENERAL`, which fits any letter.
"""

import itertools
import random
import re
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from typing import NamedTuple

from django.utils import timezone

from accounts.models import Ignore, User
from comments.models import Comment, Reaction, encode_step
from forum.markup import render_comment_markdown
from posts.demo import POSTS as DEMO_POSTS
from posts.models import Post, Question

NAMES = [
    "", "", "", "Wren", "Desk Plant Enthusiast", "Former Recruiter", "Marguerite", "Night Shift Nurse",
    "Tomasz", "Reluctant Manager", "Bea from Payroll", "Okonkwo", "", "Long-time Lurker", "Priya S.",
]  # fmt: skip


class Point(NamedTuple):
    """One thing a reader says about a post (`says`), and the replies it draws."""

    says: str
    ask: str  # a reader's question about it
    answer: str  # the commenter answers
    agree: str  # a reader adds to it
    doubt: str  # a reader pushes back
    defend: str  # the commenter replies to the pushback


class Topic(NamedTuple):
    """Everything the readers of one post have to say."""

    openers: list[str]  # lead-ins for a top-level comment ("" for none)
    closers: list[str]  # sign-offs for a top-level comment
    points: list[Point]
    stories: list[str]  # replies that fit under any comment in the discussion
    thanks: list[str] = []  # replies to an answer, besides COMMON_THANKS
    debate: list[str] = []  # an argument one reply deeper each line, for the deep discussion


# What a reply to each kind of comment does: its first replies in this order, later ones a story.
FOLLOW_UPS = {
    "says": ("ask", "agree", "doubt"),
    "ask": ("answer",),
    "doubt": ("defend",),
    "answer": ("thanks",),
    "defend": ("concede",),
}
# Written by the grandparent's author: the commenter answering for their point, or the debate's two
# sides taking turns.
SPEAKS_AGAIN = {"answer", "defend", "debate"}

LEADS = {
    "ask": ["", "", "Genuine question:", "Quick question.", "Sorry if this is obvious.",
            "Can I ask something?"],
    "agree": [""],  # agreeing replies say so in their own words
    "doubt": ["", "I'm not so sure.", "Gently, I'd push back here.", "Hmm.", "I see it a bit differently."],
    "answer": ["", "", "Good question.", "Fair question."],
    "defend": [""],
    "thanks": [""],
    "concede": [""],
    "story": ["", "", "", "For what it's worth:", "Late reply, but:"],
}  # fmt: skip
CLOSERS = {
    "ask": ["", "", "Thanks in advance!"],
    "agree": ["", "", "", "Just my experience, anyway.", "Your mileage may vary."],
    "doubt": ["", "", "", "Happy to be told otherwise.", "Just a thought."],
    "answer": ["", "", "", "Hope that helps."],
    "defend": ["", "", "Thanks for pushing back, though."],
    "thanks": ["", "", ":)"],
    "concede": ["", "", ":)"],
    "story": ["", "", "", "Just my experience, anyway.", "Anyway, good thread."],
}  # fmt: skip
COMMON_THANKS = [
    "That makes sense, thank you.",
    "Oh, that's useful to know.",
    "Thanks, I hadn't realised that.",
    "That's reassuring, thanks.",
    "Huh. I'd never have thought of that.",
    "Thanks for explaining.",
    "Right, that's the part I was missing.",
    "Makes sense. I'll keep that in mind.",
    "That's the answer I needed, thanks.",
    "Noted, and slightly alarmed.",
    "Appreciate the detail. Much more useful than anything I found searching.",
    "Thank you, that's really helpful.",
]
COMMON_CONCESSIONS = [  # replies to a commenter who stood by their point
    "Fair enough, that's a better way of putting it.",
    "OK, you've convinced me.",
    "Fair. I think we mostly agree, then.",
    "Good point, I'll stop arguing.",
    "That's a sensible middle ground.",
    "Hm, fair. I still lean the other way, but I see it.",
    "OK, that's more nuanced than I assumed.",
    "That's fair. I was thinking of my own situation, which is unusual.",
    "Point taken.",
    "We'll agree to differ a little, but that's reasonable.",
]

# The newest post, "Old posts on my public profile", has the big discussion: enough points that
# each opens at most two of its eighty-odd threads.
OLD_POSTS = Topic(
    openers=[
        "",
        "",
        "",
        "I went through exactly this last year.",
        "I screen candidates for a living, so:",
        "Job hunting right now, so this is timely.",
        "My profile went back to 2009, so I feel this one.",
        "Did this cleanup in March.",
        "Adding to the answer:",
        "From the hiring side:",
        "I've done this twice now.",
        "Late to this, but:",
    ],
    closers=[
        "",
        "",
        "",
        "Good luck with the search!",
        "Hope that helps.",
        "Just my two cents.",
        "Rooting for you.",
    ],
    points=[
        Point(
            says="The friends-only switch for past posts only covers what *you* posted. Photos other people "
            "tagged you in follow their settings, so go through your tagged photos separately.",
            ask="Where is that list? I can't find a tagged photos section anywhere on my profile.",
            answer="It's under Photos on your profile, in its own tab. Removing the tag takes the picture "
            "off your profile, though it stays on your friend's page.",
            agree="Yes, and albums too. A cousin's wedding album was public and I turned up in about forty "
            "of the pictures.",
            doubt="Surely nobody hiring digs through photos other people posted? That seems like a lot of "
            "effort for a first screen.",
            defend="Most don't. But tagged photos show up right on your profile, so anyone who clicks your "
            "name sees them without digging at all.",
        ),
        Point(
            says="Your profile picture and cover photo are public no matter what, and so are the old ones "
            "in those albums. Check the whole album, not just the current picture.",
            ask="Are old profile pictures really public? I thought only the current one was.",
            answer="The current one always is. The older ones each keep their own audience setting, and on "
            "older accounts a lot of them were left public.",
            agree="Found a 2013 profile picture of me with a traffic cone on my head. Public. Switched it "
            "to only me.",
            doubt="I think people overthink the profile picture. It's a tiny thumbnail; nobody judges a "
            "candidate on it.",
            defend="The thumbnail, no. But it's the one thing a stranger can click without being your "
            "friend, so it's worth thirty seconds.",
        ),
        Point(
            says="Search your own name in a private browser window, signed out of everything. That's the "
            "view a recruiter gets, and it's rarely what you expect.",
            ask="Should I add the city or my job title to the search, or just my name?",
            answer="Do both. Name alone shows how crowded your name is; name plus city or field is what "
            "someone actually looking for you would type.",
            agree="Did this and the first result was a 5K race time from 2015. Harmless, but I had no idea "
            "it was the top result.",
            doubt="Search results are personalised anyway, so what I see won't match what the recruiter "
            "sees.",
            defend="Less than you'd think, once you're signed out and in a private window. Not identical, "
            "but close enough to spot anything awkward.",
        ),
        Point(
            says="In my experience employers look at the last year or two, not 2011. Start with recent "
            "posts and work backwards until you get bored.",
            ask="Is 'the last year or two' based on anything, or just a feeling?",
            answer="Just what I've seen on hiring panels. People scroll a little, get the flavour and move "
            "on; nobody has time to read twelve years.",
            agree="Same on our side. Anything I've looked at was from the current year, mostly to check the "
            "person seemed like a real human.",
            doubt="The one post that matters might be from 2012, though. Recent doesn't mean relevant.",
            defend="True, which is why the friends-only switch is the safety net. Reviewing the recent "
            "posts by hand is the extra layer.",
        ),
        Point(
            says="I hire for a small team. When I look someone up I'm not judging holidays or haircuts, "
            "only looking for red flags: threats, cruelty about groups of people, trashing a previous "
            "employer.",
            ask="Have you actually turned someone down over something you found?",
            answer="Once in ten years: a string of posts mocking customers by name from the candidate's "
            "last job. Everything else I've seen was just ordinary life.",
            agree="This is the reassurance I needed. My old posts are mostly about football and my dog.",
            doubt="That's you, though. Other people do judge the haircuts and the politics, and you can't "
            "know which kind you're applying to.",
            defend="Fair, I can only speak for myself. But most hiring managers I know would say something "
            "similar.",
        ),
        Point(
            says="On the political posts: having opinions isn't the problem, the tone is. A reasoned post "
            "reads fine years later; a furious one written at 1 a.m. rarely does.",
            ask="What about posts supporting a cause? Those aren't furious, but they're clearly political.",
            answer="I'd leave those. A calm post about a cause you care about says something about you that "
            "you're presumably fine with.",
            agree="My rule when I went through mine: if I'd be embarrassed to hear the *tone* read aloud in "
            "an interview, it went. The views mostly stayed.",
            doubt="Easy to say if your politics are mainstream where you live. Some people have real "
            "reasons to keep their views private while job hunting.",
            defend="That's true, and I didn't mean to wave it away. If that's your situation, friends-only "
            "for everything is the sensible default.",
        ),
        Point(
            says="Don't make it completely empty. A profile with nothing on it at all can look odder than "
            "one with a few ordinary photos.",
            ask="Odd in what way? Lots of people just don't use Facebook.",
            answer="If it looks like you never used it, no problem. It's the profile that was obviously "
            "emptied last week that makes people wonder what was there.",
            agree="Agreed. A couple of public photos of a hike or a birthday cake make you look like a "
            "normal person, which is all anyone wants to see.",
            doubt="I've had an empty profile for years and it's never come up once. I don't think anybody "
            "notices.",
            defend="You're probably right for most jobs. It just isn't the automatic win people assume it "
            "is.",
        ),
        Point(
            says="Before you delete anything, download a copy of your information from the settings. You "
            "may want those old photos one day, even if employers don't need to see them.",
            ask="How long does the download take? I have about twelve years of stuff.",
            answer="Mine took a few hours to prepare for ten years of posts and photos. You get an e-mail "
            "when it's ready.",
            agree="So glad I did this. Half my photos from university only existed on Facebook.",
            doubt="If you're switching things to friends-only rather than deleting, you don't need the "
            "download at all.",
            defend="True for the switch. I suggested it because the letter asks about deleting everything, "
            "and that you can't undo.",
        ),
        Point(
            says="The setting for past posts doesn't touch comments you left on other people's public posts "
            "or on pages. Those stay as public as the post you commented on.",
            ask="Is there any way to find all my old comments without scrolling for hours?",
            answer="The activity log can filter to just comments. It's still a long list, but you can skim "
            "it a year at a time.",
            agree="This caught me out. An argument I had on a local newspaper's page in 2014 was still "
            "there under my full name.",
            doubt="Who would ever find a comment on some random page from years ago, though?",
            defend="Search engines, sometimes. Public comments under your name can turn up when someone "
            "searches for you.",
        ),
        Point(
            says="While you're in the privacy settings, set who can see your friends list to only you. It's "
            "a small thing, but it stops strangers mapping who you know.",
            ask="Why does the friends list matter for a job search?",
            answer="Mostly it doesn't, but it can show mutual friends at the company, or an ex-colleague "
            "you'd rather not be linked to. Hiding it costs nothing.",
            agree="Yes. An interviewer once mentioned a mutual friend I barely knew, which was unsettling.",
            doubt="Mutual friends can help, though. If someone at the company knows you, that's a plus.",
            defend="Fair. Hiding the list doesn't stop a good connection vouching for you; it just leaves "
            "that up to you.",
        ),
        Point(
            says="Some people switch their display name to first and middle name while they're job hunting. "
            "It works, but it also makes you harder to find for people you *want* to find you.",
            ask="Does Facebook let you change your name back easily afterwards?",
            answer="There's a waiting period between name changes, so don't flip it back and forth. Decide "
            "once.",
            agree="I did this and forgot to change it back for two years. Old friends couldn't find me.",
            doubt="I think the name trick is pointless. Employers search for the name on your application "
            "and your face gives it away.",
            defend="It's not bulletproof, no. It mostly stops your profile being the top result, which is "
            "what most people want.",
        ),
        Point(
            says="Check the About section and the pages you've liked. Old group memberships and likes are "
            "often public even when your posts aren't.",
            ask="Can you hide the likes, or do you have to unlike everything?",
            answer="You can hide them: the About section has a visibility setting for each part. No need to "
            "unlike anything.",
            agree="Mine still said I belonged to a group called 'Mondays Should Be Illegal'. Not a crime, "
            "but not the image I was going for.",
            doubt="Honestly, likes from 2012 say nothing about you, and anyone sensible knows that.",
            defend="Anyone sensible, yes. Hiding them takes a minute, and then you don't have to rely on "
            "everyone being sensible.",
        ),
        Point(
            says="After you limit the past posts, set the default audience for *new* posts to friends. "
            "Otherwise you're back where you started in a year.",
            ask="Doesn't it default to friends already?",
            answer="It remembers whatever you chose last. If you ever posted one thing publicly, everything "
            "after it may have been public too.",
            agree="This was my problem. One public post in 2016 and every post after it followed suit.",
            doubt="Some of us want our posts public, though. I use mine for my photography.",
            defend="Then keep it public, absolutely. My point is only to choose on purpose rather than "
            "inherit it from one old post.",
        ),
        Point(
            says="Facebook is usually the least of it. Check the old Twitter account, the forgotten blog, "
            "the photo site from university. Those are often wide open.",
            ask="How do you even find accounts you've forgotten about?",
            answer="Search your old inbox for 'welcome' or 'confirm your account'. It turned up about "
            "fifteen sign-ups for me.",
            agree="Yes! My teenage blog was the third result for my name. Facebook was fine.",
            doubt="A blog from when you were sixteen is not going to cost you a job. Everyone was sixteen "
            "once.",
            defend="Agreed, it's unlikely to. But if it's the top result I'd still rather people first see "
            "something I chose.",
        ),
        Point(
            says="If you delete or hide something, it can take weeks to drop out of search results. Do the "
            "cleanup *before* you start applying, not after.",
            ask="Can you speed that up?",
            answer="Search engines have a form for asking them to refresh an outdated result once the page "
            "has changed. It helped for me, though not instantly.",
            agree="Learned this the hard way. A post I'd hidden kept appearing in a search preview for "
            "about a month.",
            doubt="I doubt it matters much. The links people click go to the live pages, and those are "
            "already hidden.",
            defend="Mostly, yes. It's the preview text under the link that lags, and sometimes the preview "
            "is the embarrassing part.",
        ),
        Point(
            says="Some larger employers use an outside screening service for social media. The ones I've "
            "seen look for a narrow list of things, like threats or harassment, not your holiday photos.",
            ask="Do they tell you if they've done it?",
            answer="Where I've worked, candidates signed a consent form for the background check that "
            "mentioned it. Worth reading what you sign.",
            agree="Matches what I've seen from HR. The reports are dull: mostly 'nothing found'.",
            doubt="'A narrow list' depends entirely on the service and the employer. I wouldn't bank on it.",
            defend="That's fair. It varies, which is why I said the ones I've seen.",
        ),
        Point(
            says="Plenty of hiring managers deliberately don't look, because once you've seen someone's "
            "religion or family plans you can't unsee them, and that's a risk for the company.",
            ask="Is that an official policy anywhere, or just people being careful?",
            answer="At my last two employers it was written guidance for interviewers. Other places leave "
            "it to the individual.",
            agree="Our HR team says the same: if anyone checks, it's someone outside the hiring decision.",
            doubt="Maybe at big companies. At small ones the owner just looks you up, policy or not.",
            defend="Probably true. Which is why the answer's advice holds either way: make what they'd find "
            "boring.",
        ),
        Point(
            says="The last line of the answer is the most useful part. Fill in LinkedIn properly, give it a "
            "custom address with your name, and it will usually outrank your Facebook.",
            ask="How long does it take for a LinkedIn profile to start showing up in search?",
            answer="Mine appeared near the top within a couple of weeks of filling it in and setting the "
            "custom address.",
            agree="Yes. Once I had a proper headline and photo, LinkedIn became the first result and "
            "Facebook slid to page two.",
            doubt="LinkedIn isn't for everyone. In my trade nobody uses it, and a half-empty profile looks "
            "worse than none.",
            defend="Good point. In that case a simple page showing your own work does the same job.",
        ),
        Point(
            says="If you have a bit of time, a one-page site with your name, what you do and how to reach "
            "you will push everything else down the search results.",
            ask="Do I need to buy a domain with my name, or is a free page fine?",
            answer="A free page is fine to start. The domain helps a little with search, but it's the "
            "content that matters.",
            agree="I did this with a free page builder in an afternoon. It's now the first thing people "
            "find.",
            doubt="That seems like a lot of effort to bury a few old posts.",
            defend="For old posts alone, maybe. It also gives you something to link in applications, so it "
            "pays twice.",
        ),
        Point(
            says="Give it an evening, not a week:\n\n1. Profile and cover photos\n2. The About section\n3. "
            "Tagged photos\n4. The past-posts switch\n\nThat covers most of what a stranger can see.",
            ask="In that order? Why the photos first?",
            answer="Because they're public whatever else you do, and they're what people look at first.",
            agree="This order worked for me. Done before the kettle had boiled twice. Well, nearly.",
            doubt="An evening isn't enough if you've posted daily for twelve years.",
            defend="For reading every post, no. For making it all friends-only and fixing what's public "
            "regardless, it is.",
        ),
        Point(
            says="Most people hiring know that a 19-year-old posts like a 19-year-old. What matters is that "
            "the recent posts show who you are now.",
            ask="Where's the line, though? Some things are not fine at any age.",
            answer="Anything cruel about other people I'd remove, whatever the date. Bad jokes and worse "
            "haircuts can stay.",
            agree="Yes. I'd worry more about a candidate whose posts from last month were unpleasant than "
            "about anything from their student days.",
            doubt="'They'll understand' is optimistic. Some people judge everything they see.",
            defend="Some will. That's why it's worth hiding the old stuff anyway; I only meant it isn't "
            "worth panicking over.",
        ),
        Point(
            says="Search your own posts for the names of your past employers. Complaints about a job are "
            "what actually puts interviewers off.",
            ask="Does searching your own profile actually work? I've always found it useless.",
            answer="The activity log's search is better than the profile's. Try the company names and also "
            "words like 'boss' and 'work'.",
            agree="Did this and found a rant that named a manager in full. Deleted that one rather than "
            "hiding it.",
            doubt="Everyone moans about work. I'd be suspicious of someone who never had.",
            defend="Moaning is normal. Naming the company and the people in public is where it stops being "
            "normal.",
        ),
        Point(
            says="The activity log lets you filter by year and by type, so you can go through one year at a "
            "time over a few evenings.",
            ask="Can you change the audience of lots of posts at once from there?",
            answer="You can select several and archive or delete them together, but changing the audience "
            "is mostly one at a time. The past-posts switch is the bulk option.",
            agree="This made it manageable for me. One year per evening, with tea.",
            doubt="Going through twelve years by hand seems unnecessary when the one-click setting exists.",
            defend="For most people, yes. I did it because there were posts I wanted gone entirely, not "
            "just hidden.",
        ),
        Point(
            says="Low-effort option: the memories feature shows you what you posted on this day in past "
            "years. Check it every morning for a few weeks and hide anything that makes you wince.",
            ask="Doesn't that take a whole year to get through everything?",
            answer="Yes, which is why it's an extra, not the main plan. Use the switch now and the memories "
            "for the slow tidy-up.",
            agree="I do this already, and it's how I found a post about calling in sick to go to a festival.",
            doubt="That sounds like a year of being reminded of your worst posts every morning.",
            defend="Ha, fair. It's less painful than it sounds, and now and then it's charming.",
        ),
        Point(
            says="Turn on tag review, so nobody can tag you in anything new without your approval. It's the "
            "setting that stops the problem coming back.",
            ask="Do my friends get told if I don't approve a tag?",
            answer="No. The photo just doesn't appear on your profile. Nobody is notified that you declined.",
            agree="Best setting I ever switched on. I have a friend who tags everyone in every photo from "
            "every night out.",
            doubt="It's a bit antisocial, isn't it? Friends want to tag you in things.",
            defend="It doesn't stop them, it just lets you say yes. I approve almost everything.",
        ),
        Point(
            says="Look at what friends of friends can see, not just the public view. In a big industry, "
            "someone at the company is probably a friend of a friend.",
            ask="Is there a way to view your profile as a friend of a friend?",
            answer="Not directly. The simplest fix is to avoid that audience altogether and choose friends "
            "or public on purpose.",
            agree="Yes. My best friend's sister turned out to work in the team I interviewed with. Small "
            "world, and she'd seen everything.",
            doubt="Friends of friends are people who know someone who knows you. That's hardly a stranger "
            "reading your posts.",
            defend="It isn't, but it's a much bigger audience than people think, and it can include your "
            "future colleagues.",
        ),
        Point(
            says="It depends on your field. In design or media people expect a personality online; in "
            "banking or law, less so. Tidy up with your own industry in mind.",
            ask="What about teaching? I'm applying to schools.",
            answer="I'd be stricter for schools. Parents and pupils look teachers up, so friends-only for "
            "everything is sensible.",
            agree="True in marketing too. An interesting public profile has come up in interviews as a plus.",
            doubt="I don't buy that any field is relaxed about it. A bad post is a bad post.",
            defend="A bad post is a bad post everywhere, agreed. I meant the ordinary stuff, where the bar "
            "really does vary.",
        ),
        Point(
            says="If you really can't face the cleanup, deactivating the account for the few months of your "
            "search is a legitimate option.",
            ask="Does deactivating lose anything? I don't want to lose my photos or messages.",
            answer="No. Everything comes back when you log in again. Deleting is the permanent one.",
            agree="I did that during my last search and honestly enjoyed the break.",
            doubt="If you use Facebook groups to find work, that's a problem. Lots of local jobs are only "
            "posted there.",
            defend="Good point. Then it's the cleanup, I'm afraid, or a separate, bare account for the "
            "groups.",
        ),
        Point(
            says="Look at old check-ins and locations as well as posts. A check-in at a pub at 2 p.m. on a "
            "weekday tells its own story.",
            ask="Are check-ins covered by the past-posts switch?",
            answer="The ones you posted are, since they're posts. Places other people checked you into are "
            "the tagging problem again.",
            agree="Mine had me checked in at a rival company's office while I was supposedly working from "
            "home. Deleted.",
            doubt="A check-in at a pub on a Tuesday afternoon could be anything. Nobody reasonable reads "
            "into that.",
            defend="Probably not. But 'probably' is why people hide them.",
        ),
        Point(
            says="Check whether an old username links your accounts. If you used the same handle "
            "everywhere, one search for it turns up everything.",
            ask="Should I change the handle everywhere, or just make the accounts private?",
            answer="Private is enough for most people. I'd only change it if the handle itself is something "
            "you'd rather not say out loud.",
            agree="My old gaming handle led straight from my forum posts to my photos. I hadn't thought "
            "about it in years.",
            doubt="Nobody hiring is going to search a gaming handle. They don't even know it.",
            defend="They don't, until it's in the address of a profile they've already found. That's "
            "usually how it happens.",
        ),
        Point(
            says="While you're at it, look at the address you apply from. A plain firstname.lastname e-mail "
            "does more for you than any amount of profile tidying.",
            ask="Does the e-mail address really matter that much?",
            answer="It's the first thing on every application. A silly one won't sink you, but a plain one "
            "means nobody thinks about it at all.",
            agree="We once had an application from an address I will not repeat. We all remembered it, and "
            "not in a good way.",
            doubt="That feels like a different question from the letter, though.",
            defend="A little, but it's the same idea: what people see of you before they've met you.",
        ),
        Point(
            says="Check that the job titles and dates on your profile match your applications. A mismatch "
            "stands out more than any party photo.",
            ask="What if a title was informal, or changed halfway through?",
            answer="Use the title you'll use in interviews and make the profile say the same. Consistency "
            "is the point, not the exact wording.",
            agree="An interviewer once asked why my profile said I was still at a job I'd left two years "
            "earlier. Awkward.",
            doubt="I'd just remove work history from Facebook entirely. It doesn't need to be there.",
            defend="That works too, and it's simpler. I just wouldn't leave an old, wrong version up.",
        ),
        Point(
            says="Don't overdo it. A profile that shows hobbies, family and a friend's birthday is "
            "humanising. You're aiming for ordinary person, not personal brand.",
            ask="So what would you actually leave public?",
            answer="A profile picture, a cover photo of somewhere I like and maybe a couple of posts about "
            "a hobby. That's it.",
            agree="Yes. The interviewer who looked me up asked about my allotment, and it was the "
            "friendliest part of the interview.",
            doubt="I'd rather have nothing public. My hobbies are nobody's business in a job application.",
            defend="Totally fair, and nothing public is fine. I only meant it doesn't have to be a blank "
            "wall.",
        ),
        Point(
            says="Photos with a glass of wine at a wedding are fine; photos where you can't stand up are "
            "the ones to hide. Nobody expects you to have lived like a monk.",
            ask="Where do you draw that line, practically?",
            answer="If you'd show it to your grandmother without explaining it first, it stays.",
            agree="Ha, yes. Everyone over thirty has a wedding photo with a drink in hand. It's not "
            "scandalous.",
            doubt="Some employers are strict about alcohol, especially in healthcare or anything with "
            "children.",
            defend="True, and in those fields I'd hide all of it. The general rule still holds for most "
            "jobs.",
        ),
        Point(
            says="The look-up usually happens right after your application lands or just before the "
            "interview. So the cleanup has to be finished before you hit send, not while you wait.",
            ask="How do you know when they look?",
            answer="From sitting on panels. Before an interview someone will often glance at your public "
            "profiles to put a face to the name.",
            agree="Yes, we always look the day before a first interview, mostly so we recognise the person "
            "in reception.",
            doubt="Some places look at the offer stage instead, as part of their checks.",
            defend="Some do. Either way, doing it first means you never have to wonder.",
        ),
        Point(
            says="Don't forget reviews you've written under your real name: restaurants, maps, shops. They "
            "turn up in searches more than you'd think.",
            ask="Can you make those private?",
            answer="Most review sites have no private option, so it's edit or delete. I deleted a couple "
            "and left the rest.",
            agree="My one-star rant about a hotel breakfast was the second result for my name. Not my "
            "finest prose.",
            doubt="A review of a restaurant is harmless. If anything it shows you're a normal person who "
            "eats.",
            defend="A calm review, sure. It's the furious ones written at midnight I'd look at again.",
        ),
        Point(
            says="Private messages and closed chats aren't what employers see. Focus on what's public and "
            "don't waste an evening on your message history.",
            ask="What about closed groups? Can members see my old posts there?",
            answer="Yes, every member can, whoever they are. If it's a big industry group, treat what you "
            "posted there as semi-public.",
            agree="Good point. I was about to read through years of messages for no reason.",
            doubt="Screenshots exist, though. Private only means private until someone shares it.",
            defend="Very true, but that's a different risk from an employer looking you up, and no setting "
            "fixes it.",
        ),
        Point(
            says="Ask a friend who isn't connected to you to look you up and tell you what they see. Fresh "
            "eyes catch what you've stopped noticing.",
            ask="Wouldn't the view-as option do the same thing?",
            answer="It shows what's visible, but not what stands out. A friend will say 'why is this the "
            "first thing I see?'",
            agree="My sister did this for me and found a public album called 'Worst Hangover Ever'. I'd "
            "forgotten it existed.",
            doubt="That sounds mortifying. I'd rather do it myself.",
            defend="Fair. Then use the view-as option and be your own stranger for ten minutes.",
        ),
        Point(
            says="If you don't want your Facebook found from your LinkedIn, don't use the same profile "
            "picture on both. An image search links them in seconds.",
            ask="Do people really run image searches on candidates?",
            answer="Rarely, but it's the easiest way to check that two profiles are the same person, and it "
            "takes seconds.",
            agree="Yes. Proper headshot on LinkedIn, photo of my dog on Facebook. Problem solved.",
            doubt="I'd rather they found both. My Facebook is fine and it shows I'm a real person.",
            defend="Then the same photo is perfect. It's only worth changing if you want the two kept apart.",
        ),
        Point(
            says="For what it's worth, most people who worry about this have nothing worse than bad holiday "
            "photos and strong opinions about football. That you're asking suggests you'll be fine.",
            ask="What if there really is something bad in there?",
            answer="Then delete that one thing properly, not the whole account. One bad post doesn't call "
            "for scorched earth either.",
            agree="This. I spent a weekend dreading it and the worst thing I found was a terrible poem.",
            doubt="Easy to say if your past is boring. Some of us were genuinely wild in our twenties.",
            defend="Fair! Then the friends-only switch is doing the heavy lifting for you, and that's what "
            "it's for.",
        ),
    ],
    stories=[
        "I did my cleanup last spring and the worst thing I found was a very long post about a sandwich.",
        "An interviewer brought up my cycling photos in the first five minutes. It was a nice icebreaker, "
        "not a problem.",
        "This is the first thread on the subject that hasn't made me want to delete the internet.",
        "Going through my profile tonight with a cup of tea and a strong stomach.",
        "I found a public album from 2012 titled 'Random'. It was, indeed, random.",
        "My mum still comments 'so proud!!' on everything I post, and honestly I'm leaving those public.",
        "I kept thinking the big risk was the photos, but my old comments were far worse.",
        "The view-as button was the most useful thing I found all week.",
        "I had no idea half of this was public until I read this thread.",
        "I interviewed three people this month and looked none of them up. Ran out of time, as always.",
        "My biggest discovery was that I used to write my status updates in the third person.",
        "The number of inspirational quotes I shared in 2012 should be studied.",
        "Bookmarking this whole discussion for my next job search.",
        "I just spent an hour on my settings and now feel oddly lighter.",
        "Funny how a forgotten profile turns into a time capsule. Mine was mostly concert photos.",
        "A colleague found my old band's page last year. We were not good. Still public, by choice.",
        "Reading this with my profile still public in another tab. Fixing it now.",
        "Strange how much I cared about privacy settings in 2014, and then not at all for a decade.",
        "What I keep hearing from people who hire is that they want a real person, not a perfect one.",
        "The one-click switch took care of about ninety percent of my worries.",
        "This discussion has talked me out of deleting the account. Hiding the old stuff is enough.",
        "I tidied mine before my last interview and the interviewer never mentioned it. Probably never "
        "looked.",
        "Someone at my new job mentioned a photo of me from 2015 in my first week. No harm done, but it was "
        "a reminder.",
        "I wish there was a 'make me boring' button. The friends-only switch is the closest thing.",
        "This is why I never used my real surname on Facebook. Best decision I made at nineteen.",
        "Worth remembering an old profile can work for you too: mine shows years of volunteering.",
        "I found posts complaining about exams and kept them. Past me was very stressed and deserves "
        "compassion.",
        "Complaining about an employer in public really does come back to bite. I've seen it raised in a "
        "reference check.",
        "My advice after doing it: don't read the replies under your own old posts. That way lies madness.",
        "My first posts were all about my kids' first steps. Nothing to hide, just a lot of baby photos.",
        "Got an offer last month. Nobody asked about anything online, but I slept better having done the "
        "cleanup.",
        "Good reminder to do this before I need to, rather than in a panic.",
        "Having sat on both sides, the cleanup is more for your peace of mind than for their opinion. "
        "That's still worth something.",
        "I ran the privacy check-up tool first, and it walked me through most of what's described here.",
        "One thing I noticed: my profile looked quite different in the phone app. Worth checking both.",
        "Took me two evenings. The second was mostly laughing at my old haircuts.",
        "The old photos that worried me most turned out to have been friends-only all along.",
        "Honestly reassuring to hear from people who hire. I'd built this up into something huge.",
        "My 2011 self posted song lyrics every single night. Deeply moving to nobody.",
        "I'm a careers adviser and this is pretty much what I tell students, with fewer jokes.",
        "Sending this to my brother, who starts job hunting next month and has been public since he was "
        "thirteen.",
        "My cleanup turned up a post announcing I would 'never work in an office'. I now work in an office.",
        "If your partner tags you a lot, it's worth a friendly word with them too.",
        "Years of check-ins at the same coffee shop. At least I'm consistent.",
        "I was surprised how much of my old stuff was public by default. The settings were very different "
        "back then.",
        "I changed my profile picture to a landscape years ago and forgot why. Now I remember: job hunting.",
        "The settings menus have moved since I last looked, so it took a while to find anything. Worth "
        "persisting.",
        "My teenage nephew laughed at me for having Facebook at all. Then he found my 2010 posts and "
        "laughed harder.",
        "I asked my partner to look me up the way a stranger would. He found a public photo of my car. "
        "Thrilling stuff.",
        "Honestly the scariest part was how much I'd forgotten posting.",
        "Half my old posts were links to articles that no longer exist. Very mysterious to read now.",
        "Nobody looks candidates up where I work, but I still cleaned mine up. It's a nice feeling.",
        "My old posts were mostly complaints about buses. I'm keeping them as a historical record.",
        "The most embarrassing thing on mine was how often I used the word 'epic'.",
        "I've started treating public posts like things I'd say in a meeting. Cuts down a lot.",
        "Spent last night on this. The worst bit was a very earnest poem about autumn.",
        "Mine turned out to be friends-only already. I'd done it years ago and forgotten.",
        "A former boss told me she checked every candidate's profile, mostly to see whether they were kind "
        "to people in the comments.",
        "Comments on other people's pages caught me out: mine were on a football club's page, under my full "
        "name.",
        "I kept the photos of my allotment public on purpose. People like vegetables.",
        "I deleted an account on a photo site I hadn't logged into since 2010. Felt like clearing out a "
        "loft.",
        "My partner and I did our profiles together one evening, with wine. Highly recommended.",
        "I expected to find something terrible and found mainly sunsets. Past me really liked sunsets.",
        "Now that mine's tidy, I'm oddly proud of how boring it looks to strangers.",
        "A recruiter once told me the only thing she checks is whether the photo matches the person who "
        "turns up.",
        "An interviewer last week mentioned my running club, which I'd left public on purpose. Nice moment.",
        "This made me check my old albums. Found one from a school trip with my full name in the title.",
        "Our HR team says the biggest problem they see is people complaining about their current job in "
        "public.",
        "The friends-only switch asked me to confirm twice. Slightly ominous, but it worked.",
        "I did all this, then realised my profile picture is still me in a Santa hat. Leaving it. It's "
        "festive.",
        "I used to think nobody would look. Then I sat on a hiring panel and watched a colleague look "
        "everyone up.",
        "My old posts about my first job are quite sweet, actually. Very enthusiastic about the photocopier.",
        "I kept one post public: my grandmother's ninetieth birthday. Anyone can see that one.",
        "Nothing in mine was bad, there was just a lot of it. Twelve years of daily posting is a lot of "
        "posting.",
        "What surprised me was how many photos from friends' parties I was tagged in. I don't remember half "
        "of those nights.",
    ],
    thanks=["Off to check my settings, thank you.", "Good to know. I'll check mine tonight."],
)

# The second newest post, "How do I answer the weakness question?", has the eight-deep discussion:
# its debate goes back and forth until the moderator locks it.
WEAKNESS = Topic(
    openers=[
        "",
        "",
        "I interview a lot.",
        "I've been on both sides of this one.",
        "Interview on Monday, so this is timely.",
        "Adding to the answer:",
    ],
    closers=["", "", "Good luck!", "Hope that helps someone."],
    points=[
        Point(
            says="The follow-through is what interviewers listen for. Name the weakness in one sentence and "
            "spend the rest on what you changed.",
            ask="How much detail on the fix? I worry about rambling.",
            answer="Two or three sentences: what you noticed, what you changed, what has happened since. If "
            "they want more, they'll ask.",
            agree="Yes. The best answer I ever heard was thirty seconds long, and most of it was the fix.",
            doubt="Sometimes the fix isn't finished, though. You're still working on it, and that's the "
            "honest version.",
            defend="That's fine to say. 'Still working on it, and here's what has improved so far' is a "
            "great answer.",
        ),
        Point(
            says="Pick something from outside the heart of the job description. For a data role, public "
            "speaking; for a sales role, probably not.",
            ask="What if everything in the job description feels central?",
            answer="Look at the nice-to-haves at the bottom, or at skills the job doesn't mention at all. "
            "There's always something.",
            agree="This is the bit most guides leave out. The weakness has to make sense for the role.",
            doubt="It can come across as calculated if the weakness is too conveniently irrelevant.",
            defend="A little, if it's something silly. A real skill you're building reads as honest, not "
            "calculated.",
        ),
        Point(
            says="When someone gives me 'I work too hard', it isn't a disaster, but I ask for a second "
            "weakness, and the second answer is usually far less prepared.",
            ask="Do you tell them you're asking again because the first answer was a dodge?",
            answer="No, I just say 'and something else?' Most people realise what's going on.",
            agree="Ha, I've had this done to me. My second answer was much more honest and, I think, got me "
            "the job.",
            doubt="That sounds like a trap. Why not just move on?",
            defend="Because I'm not trying to catch anyone out. I want the real answer, and the second "
            "question usually gets it.",
        ),
        Point(
            says="Practise out loud. The weakness answer is the one people write down beautifully and then "
            "mumble in the room.",
            ask="Practise with someone, or alone?",
            answer="Alone first, then with someone who will tell you when it sounds rehearsed.",
            agree="Yes. I recorded myself on my phone and heard how defensive I sounded. Fixed it before "
            "the real thing.",
            doubt="Too much practice and it sounds scripted. Interviewers can hear that.",
            defend="Learn the points, not the words. Then it sounds like you, only clearer.",
        ),
        Point(
            says="Tone matters as much as content. Say it plainly, without apologising. Calm says 'I know "
            "myself'; squirming says the opposite.",
            ask="How do you stay calm when it's the question you dread most?",
            answer="Having a real answer ready helps most. You dread it less when you aren't planning to "
            "bluff.",
            agree="Absolutely. The one time I gave mine without flinching, the interviewer just nodded and "
            "moved on.",
            doubt="Easy for confident people. Some of us get nervous whatever we prepare.",
            defend="Nerves are fine; interviewers expect them. It's the dodging that stands out, not the "
            "shaky voice.",
        ),
    ],
    stories=[
        "I used 'I find it hard to delegate' for years, until someone asked for an example and I didn't "
        "have one.",
        "My go-to now is that I used to avoid difficult conversations. I have a real example of how I "
        "changed, which helps.",
        "This question cost me a job once. I gave the perfectionist line and watched the interviewer's face "
        "fall.",
        "I've started asking candidates what their last manager would say they should work on. Much better "
        "answers.",
        "Best answer I've heard: 'I'm slow to ask for help. Here's what I do now.' Short and real.",
        "Our panel scores the weakness answer on self-awareness, not on the weakness itself.",
        "I once said my weakness was spreadsheets, for a job that turned out to be mostly spreadsheets. "
        "Lesson learned.",
        "Reading this before an interview on Thursday. Very timely.",
        "Mine is presentations. It's true, I've improved, and it's not central to what I do.",
        "Funny how this one question causes more anxiety than the rest of the interview put together.",
    ],
    debate=[
        "I've interviewed a lot of people, and the honest answers are the only ones I remember. One "
        "candidate said she avoided public speaking and had joined a speaking club to fix it. Hired.",
        "That's lovely, but it's survivorship. For every one like her, someone says something honest and "
        "gets marked down for it.",
        "Marked down by whom, though? If an interviewer penalises honesty about a modest weakness, that "
        "tells you something about the place.",
        "It tells you something, sure, but I still need the job. Not everyone can afford to treat "
        "interviews as a test of the employer.",
        "Fair. But a rehearsed 'I'm a perfectionist' gets marked down too, by almost everyone. So the safe "
        "answer isn't actually safe.",
        "Then pick a weakness that is real but small, which is what the answer said. I only object to the "
        "idea that full honesty is always rewarded.",
        "I don't think anyone said *full* honesty. Real and modest, with evidence you're working on it. We "
        "agree more than it sounds.",
        "Possibly! My worry is people reading 'be honest' and confessing to missed deadlines in a job that "
        "runs on deadlines.",
        "That's exactly where the answer's 'not central to the job' matters. OK, I think we've reached the "
        "same spot from two sides.",
    ],
)

COUNTEROFFER = Topic(
    openers=[
        "",
        "",
        "I stayed once, and I left once.",
        "Been here twice.",
        "Former HR manager here.",
        "Adding to the answer:",
    ],
    closers=["", "", "Good luck with the decision!", "Whatever you pick, pick it fully."],
    points=[
        Point(
            says="I accepted a counteroffer once and was looking again within a year. The money fixed my "
            "bank balance, not the reasons I wanted to leave.",
            ask="What were the reasons, if you don't mind me asking?",
            answer="A manager who took credit for everything. The raise didn't change him, unsurprisingly.",
            agree="Same story here. The raise felt great for about three months.",
            doubt="That's one story, though. I stayed after a counteroffer and I'm still there five years "
            "later, happily.",
            defend="Glad it worked for you. I think the difference is whether money was the real reason, "
            "which is the answer's point.",
        ),
        Point(
            says="Think about the new employer too. They've planned around you starting, and backing out "
            "burns a bridge you might want later.",
            ask="How bad is it, really, to back out after accepting?",
            answer="Usually survivable, but they'll remember. In a small industry that matters more.",
            agree="Yes. A candidate backed out on us after accepting, and I still remember her name years "
            "later.",
            doubt="Companies withdraw offers and make people redundant without blinking. Candidates don't "
            "owe them more loyalty than that.",
            defend="That's fair, and I'm not saying never. Just do it quickly and graciously if you do.",
        ),
        Point(
            says="Ask yourself why the raise only appeared once you resigned. If they could pay you this, "
            "why didn't they before?",
            ask="Isn't that a bit cynical? Budgets are real.",
            answer="A bit, maybe. But if the budget only opens when someone threatens to leave, that's how "
            "raises will work there in future too.",
            agree="This was exactly my thought. I'd asked for a raise twice and been told there was no "
            "budget.",
            doubt="Sometimes managers genuinely don't know you're underpaid until you show them the market "
            "rate. A resignation does that.",
            defend="True, that's the charitable reading. It's worth asking them directly which it was.",
        ),
        Point(
            says="Write down what would have to change, apart from money, for you to be happy staying. If "
            "the counteroffer covers that list, consider it. If not, go.",
            ask="What if the list is mostly 'I want to do different work'?",
            answer="Then ask whether they can give you that work, not just the money. If they can't, the "
            "new job wins.",
            agree="The list is a great idea. Mine had five things on it and the counteroffer covered one.",
            doubt="Lists are tidy, but some of this is gut feeling. I think it's fine to go with your gut.",
            defend="Sure. The list just helps you notice what your gut is telling you.",
        ),
        Point(
            says="Your manager knowing you'd leave isn't always bad. Some managers take you more seriously "
            "once they see you have options.",
            ask="Did that happen to you?",
            answer="It did. I got better projects afterwards, though I think my manager was a decent person "
            "to begin with.",
            agree="Seen this too. A colleague stayed and got a bigger role the following year.",
            doubt="More often you're quietly marked as a flight risk and passed over for the big projects.",
            defend="That happens too. Which way it goes depends on the manager, and you know yours better "
            "than we do.",
        ),
    ],
    stories=[
        "I turned down a counteroffer last year and haven't regretted it for a second.",
        "My old boss offered more money and a new title. I almost stayed for the title alone.",
        "The new company heard I had a counteroffer and raised theirs. Suddenly I was in an auction I never "
        "wanted.",
        "In my experience, people who stay for the money alone are gone within eighteen months anyway.",
        "Resigning was the hardest conversation I've had at work, and the counteroffer made it harder.",
        "I always tell people to decide before resigning whether any offer would keep them. It makes the "
        "meeting much easier.",
        "Following this; I'm in almost exactly the same position.",
        "My partner stayed after a counteroffer and it worked out, but her team never quite looked at her "
        "the same way.",
    ],
)

PARTY_PHOTOS = Topic(
    openers=[
        "",
        "",
        "This happened to me after our summer party.",
        "I've been on both ends of this.",
        "Adding to the answer:",
    ],
    closers=["", "", "Hope she takes it down!", "You're allowed to ask."],
    points=[
        Point(
            says="Untagging first is the right call. It takes the photo off your profile straight away, so "
            "the conversation with your colleague is less urgent.",
            ask="Does untagging stop other people seeing it, though?",
            answer="No, it's still on her profile for whoever she shared it with. Untagging just breaks the "
            "link to your name.",
            agree="Yes. Untag, breathe, then ask. Much calmer than asking while it's still on your own "
            "profile.",
            doubt="Untagging can look passive-aggressive if she notices before you've said anything.",
            defend="Maybe, but most people don't notice an untag. And you're about to ask her kindly anyway.",
        ),
        Point(
            says="I'm usually the one posting the party photos. If someone asks me to take one down, I do "
            "it at once and don't think twice. Please just ask.",
            ask="Do you ever feel a bit hurt when people ask?",
            answer="Not at all. If anything I'm embarrassed I didn't check first. Everyone has photos they "
            "don't like.",
            agree="Same. I'd much rather be asked than find out someone was quietly annoyed for weeks.",
            doubt="Not everyone is as gracious as you. Some people take it very personally.",
            defend="True. Keeping the request light and private helps, whatever she's like.",
        ),
        Point(
            says="Ask in private, not in the comments under the photo. A public 'please take this down' "
            "turns a small request into a scene.",
            ask="Message or in person?",
            answer="Whatever you'd normally use with her. A quick message is fine and gives her room to "
            "react privately.",
            agree="Yes. I once saw someone ask publicly, and the comments got far more attention than the "
            "photo ever did.",
            doubt="In person can feel more awkward than a message, especially if you don't know her well.",
            defend="Fair, then a message. The point is just: not the comments.",
        ),
        Point(
            says="Check whether your office has a rule about posting photos of colleagues. Ours asks people "
            "to get permission first, which makes these conversations much easier.",
            ask="Would you mention the policy when you ask?",
            answer="Only if she says no. Leading with the policy makes a friendly request sound like a "
            "complaint.",
            agree="Ours has the same rule, and it helps. Nobody has to be the bad guy.",
            doubt="A policy about party photos feels heavy-handed. Adults can sort this out between "
            "themselves.",
            defend="Usually they can. The policy is there for the few times they can't.",
        ),
        Point(
            says="Once this one's sorted, turn on tag review, so photos from the next party need your "
            "approval before they appear on your profile.",
            ask="Does that stop the photo being posted at all?",
            answer="No, it only decides whether it shows on your profile. The asking-nicely part is still "
            "needed for the photo itself.",
            agree="I turned it on after our last office party and it's saved me twice since.",
            doubt="That feels like a lot of fuss over one bad photo.",
            defend="It's a two-minute setting, and then you never have to think about it again.",
        ),
    ],
    stories=[
        "Our party photos went up on the team chat this year. I'm in the background of every single one, "
        "mid-sentence.",
        "I asked a colleague to remove a photo once and she apologised three times. It was fine.",
        "Best rule I've seen: whoever takes the photos shows them round before posting. Nobody ever minds.",
        "Mid-song photos are the worst. Nobody has ever looked good singing karaoke.",
        "Last year someone posted a photo of me asleep at the table. I asked, and it was down within the "
        "hour.",
        "I now stand well away from whoever has the camera at parties. Lesson learned.",
        "Reading this and realising I should check what our team posted in December.",
        "Our manager started asking 'any objections?' before sharing photos. Small thing, big difference.",
    ],
)

REJECTION_FEEDBACK = Topic(
    openers=["", "", "I've asked for feedback a few times now.", "Recruiter here.", "Adding to the answer:"],
    closers=["", "", "Good luck with the next one!", "It's worth a try."],
    points=[
        Point(
            says="Send the request to the person you interviewed with, not the general careers address. A "
            "person is far more likely to reply.",
            ask="What if I only ever dealt with a recruiter?",
            answer="Then ask the recruiter. They often know more than they're allowed to share, but "
            "sometimes they'll give you the gist on a call.",
            agree="Yes. The only useful feedback I've ever had came from a hiring manager I wrote to "
            "directly.",
            doubt="Writing straight to the interviewer can feel like going around the recruiter.",
            defend="Copy the recruiter in, then. It's polite and nobody feels bypassed.",
        ),
        Point(
            says="Keep the request to three sentences: thanks, a request for anything you could do better, "
            "and good wishes. Anything longer reads like an appeal.",
            ask="Should I mention that I'd still like to work there?",
            answer="Yes, in one line. It's what makes them think of you when the next opening comes up.",
            agree="The short version worked for me. I got a two-line reply that was actually useful.",
            doubt="Three sentences can seem curt after a final round where you met five people.",
            defend="Short isn't curt if it's warm. Thank them for their time and you're fine.",
        ),
        Point(
            says="When feedback does come back, thank them for it even if you disagree. They didn't have to "
            "send it.",
            ask="What if the feedback is just wrong? Mine said I had no management experience, and I do.",
            answer="Then that's useful too: your experience didn't come across. Make it more visible next "
            "time.",
            agree="Yes. I once thanked an interviewer for blunt feedback, and she put me forward for "
            "another role a month later.",
            doubt="Saying thank you for feedback you think is unfair feels a bit fake.",
            defend="You're thanking them for the time they took, not agreeing with every word.",
        ),
        Point(
            says="Keep expectations low. Most companies send nothing, or a vague line about a stronger "
            "candidate. Ask anyway; the occasional real answer is worth it.",
            ask="Is it worth following up if they don't reply?",
            answer="I'd leave it at one request. A second message starts to feel like pressure.",
            agree="Right. I've asked maybe ten times and got something useful twice. Those two were gold.",
            doubt="If it's that rare, why bother at all?",
            defend="Because it costs one short e-mail, and it keeps you on good terms even if they never "
            "answer.",
        ),
    ],
    stories=[
        "The best feedback I ever got was one sentence: 'Your answers were good, but you never asked us "
        "anything.'",
        "I've been on the hiring side, and our lawyers really did tell us not to give detailed reasons. "
        "It's not personal.",
        "After one rejection I asked for feedback, and they offered me a different role instead. You never "
        "know.",
        "Rejections after a final round are the worst. You can almost taste the job.",
        "I keep a list of all the feedback I've ever had. Same two points every time. Useful, if humbling.",
        "I asked once and got a long, thoughtful reply. Still the nicest thing a company has done for me.",
    ],
)

FORMER_PEER = Topic(
    openers=[
        "",
        "",
        "I went through this two years ago.",
        "I manage two old friends, so:",
        "Adding to the answer:",
    ],
    closers=["", "", "Good luck, it gets easier.", "You've got this."],
    points=[
        Point(
            says="Have the conversation in the first week. I waited a month hoping it would sort itself "
            "out, and that month was the worst part.",
            ask="How did you open it? That's the bit I'd freeze on.",
            answer="I just said, 'This is weird for both of us, can we talk about it?' Saying it was weird "
            "took the pressure off at once.",
            agree="Yes. Naming the awkwardness out loud is half the work.",
            doubt="A formal talk might make it more awkward than it needs to be. Some friendships adjust on "
            "their own.",
            defend="Some do. But it doesn't have to be formal: a coffee and two honest sentences is enough.",
        ),
        Point(
            says="Stop the lunchtime moaning completely, not just about your friend's work. Anything you "
            "say about the company now sounds like management talking.",
            ask="Can you still complain about things outside work?",
            answer="Of course. The weather, the trains and the football are all still fair game.",
            agree="This was the hardest part for me. We'd been moaning together for three years.",
            doubt="Being honest with your friend about what's going on is part of the friendship, though.",
            defend="Honest, yes, but about your own feelings, not about the company or colleagues. That "
            "line helped me.",
        ),
        Point(
            says="Expect your friend to be a little hurt at some point, whatever you do. It doesn't mean "
            "you handled it badly.",
            ask="What hurt them, in your case?",
            answer="The first time I said no to something they asked for. It was the right call, but it "
            "stung.",
            agree="Same. We're fine now, but there was a month when things were cooler between us.",
            doubt="If you handle it well, surely there's no hurt at all?",
            defend="I wish. It's a real change for both of you, and some sting is normal.",
        ),
        Point(
            says="Be careful with feedback. Give your friend the same kind of feedback as everyone else, in "
            "the same setting, or the team will notice.",
            ask="Even praise? I feel odd praising a friend in front of the team.",
            answer="Especially praise. If they earned it, holding it back to look fair is unfair in the "
            "other direction.",
            agree="Yes. I overcorrected at first and was harder on my friend than on anyone else. Also not "
            "fair.",
            doubt="It's impossible to be completely unbiased about a friend, though.",
            defend="Completely, no. Which is why the same process for everyone helps more than good "
            "intentions.",
        ),
        Point(
            says="Tell your own manager that you two are close, so someone else can sanity-check decisions "
            "about your friend's pay and reviews.",
            ask="Won't that make my manager doubt me?",
            answer="The opposite, in my experience. It shows you've thought about it.",
            agree="Our company does this formally. Nobody signs off a raise for a close friend alone.",
            doubt="It feels a bit like reporting on your friend.",
            defend="It's reporting on yourself, really. Your friend never needs to know the details.",
        ),
    ],
    stories=[
        "I managed my best friend for two years. We're still friends, and we never talk about work at "
        "dinner.",
        "The rest of the team watched me far more closely than my friend did. I didn't expect that at all.",
        "What helped me was a regular coffee every few weeks where work was off limits.",
        "My old lunch group quietly stopped inviting me once I became their manager. It hurt, but I get it "
        "now.",
        "I once turned down a job managing my closest friend at work. Not sure it was the right call, but I "
        "don't regret it.",
        "Reading this as the friend in this situation: the honest conversation is what made it OK for me.",
        "Don't make your friend your unofficial deputy. The rest of the team will resent it.",
        "It does get easier. A year in, I barely think about it.",
    ],
)

RECRUITER_MESSAGES = Topic(
    openers=["", "", "I get a lot of these too.", "I used to ignore all of these.", "Adding to the answer:"],
    closers=["", "", "It costs nothing.", "Two lines, done."],
    points=[
        Point(
            says="I keep a saved reply for these: thanks, not looking, happy to stay in touch. It takes "
            "five seconds, and two good jobs have come from that list.",
            ask="Do you send it to every recruiter, or only some?",
            answer="Only the ones in my field who've clearly read my profile. The obvious mass messages I "
            "ignore.",
            agree="Same here. The saved reply is the whole trick.",
            doubt="Five seconds a message adds up when you get twenty a week.",
            defend="Fair. At that volume, reply only to the ones in your field and let the rest go.",
        ),
        Point(
            says="Speaking as a recruiter, I don't mind silence at all. But the people who reply are the "
            "ones I remember when a good role comes up.",
            ask="Do you actually keep notes on who replied?",
            answer="Yes, in our system. A polite 'not now' goes on record as a warm contact.",
            agree="Matches my experience. A recruiter I'd replied to years ago called me first when a role "
            "opened.",
            doubt="I'm not sure I want to be a warm contact in someone's system.",
            defend="That's fine too. Ignoring is completely acceptable; the answer says so.",
        ),
        Point(
            says="Set your profile to say you're not open to new roles. The volume drops a bit, and the "
            "messages that still come tend to be more relevant.",
            ask="Would my current employer see that setting?",
            answer="You can limit who sees it, though nothing online is completely private. Keep the "
            "open-to-work signal off while you're happy.",
            agree="Did this and it helped. Fewer messages, and better ones.",
            doubt="In my experience the setting changes nothing. They message everyone anyway.",
            defend="Some will, yes. It helps at the margins, not miraculously.",
        ),
        Point(
            says="If a message is obviously a mass mailing with the wrong job title, there's no need to "
            "reply. Courtesy is for people who made an effort.",
            ask="How do you tell the mass ones apart?",
            answer="Wrong name, wrong field, or a role three levels below you. Those are the giveaways.",
            agree="Yes. 'Dear candidate, I saw your impressive profile' goes straight to the archive.",
            doubt="Even the mass ones are people doing a hard job. A one-line no is still kind.",
            defend="It is kind, and if you have time, do it. I just don't think anyone owes it.",
        ),
        Point(
            says="If you're open to hearing more, put your pay range in the reply. It saves everyone a call "
            "if the role can't match it.",
            ask="Isn't it risky to name a number first?",
            answer="It can be, but here you aren't negotiating, just filtering. Give a range you'd "
            "genuinely move for.",
            agree="Yes. Half the calls I took turned out to be for less than I earn now.",
            doubt="I'd rather not put a number in writing to a stranger.",
            defend="Fair enough. Asking them for the range first works just as well.",
        ),
        Point(
            says="Before replying, look the recruiter up. One who has placed people in your field for years "
            "is worth a friendly line; one who has never worked in it is not.",
            ask="What do you look for on their profile?",
            answer="How long they've recruited in your field, and whether people you know are connected to "
            "them. Ten seconds tells you a lot.",
            agree="Good habit. The specialist recruiters in my field know everyone, and it's worth being on "
            "their radar.",
            doubt="That's more effort than the reply itself. I'd rather send one short line to everyone.",
            defend="Also fine. The look-up just helps you decide who gets a warmer reply.",
        ),
    ],
    stories=[
        "I reply to maybe one in ten. The rest are for roles I've never done.",
        "A recruiter I politely declined three years ago found me my current job. It pays to be nice.",
        "I once got a message about a job at my own company. Tempting to reply, just for fun.",
        "The best recruiter I know sends a short note when she sees someone has changed jobs. That's why "
        "people answer her.",
        "I genuinely didn't know ignoring them was fine. I've felt guilty for months.",
        "Saved replies changed my life. Same goes for meeting invitations I can't make.",
    ],
)

REPLY_ALL = Topic(
    openers=["", "", "I have done this.", "Oh no. Sympathy first.", "Adding to the answer:"],
    closers=["", "", "You'll survive this.", "It will blow over."],
    points=[
        Point(
            says="Apologise in person before the e-mail thread does the talking for you. The person you "
            "mocked has already read it, so speed matters more than polish.",
            ask="What if they won't talk to me?",
            answer="Send a short written apology and leave the door open. Don't chase them.",
            agree="Yes. I apologised within the hour once, and the person said that mattered more than the "
            "words.",
            doubt="Rushing an apology can make it sound panicked rather than sincere.",
            defend="Keeping it short helps with that. 'That was unkind, I'm sorry' can't really sound "
            "panicked.",
        ),
        Point(
            says="Whatever you do, don't send a second reply-all explaining it was a joke. That just makes "
            "everyone read the first one again.",
            ask="Not even a one-liner to the department?",
            answer="Only if people are actively discussing it. Otherwise silence lets it fade.",
            agree="Ha, yes. Someone at my work sent the explanation e-mail, and it became a legend.",
            doubt="Silence can look like you don't care, especially to the people who were upset.",
            defend="That's why the personal apology comes first. Silence towards the department, not "
            "towards the person.",
        ),
        Point(
            says="Check whether your e-mail program has an undo-send delay. Ten seconds of grace would have "
            "saved this one.",
            ask="Does that really work? I thought once it's sent, it's sent.",
            answer="It holds the message for a few seconds before sending. If you hit undo in time, it "
            "never goes.",
            agree="Turned it on after my own disaster. It has saved me twice since.",
            doubt="Ten seconds isn't long enough to notice you've sent it to everyone.",
            defend="Set it to thirty, then. The moment after you hit send is when most people spot the "
            "mistake.",
        ),
        Point(
            says="The bigger lesson isn't about the button. If you wouldn't say it to the person who ran "
            "the meeting, it's safer not to write it down at all.",
            ask="So no jokes about meetings, ever?",
            answer="Jokes are fine. It's the unkind ones in writing that come back around.",
            agree="Yes. Anything in writing gets forwarded eventually. I assume that now.",
            doubt="That's a bit preachy. People vent; it's human.",
            defend="Fair, and I vent too. I just do it out loud now, not in writing.",
        ),
    ],
    stories=[
        "I once sent a message about a colleague's birthday cake to the colleague. It was a nice message, "
        "luckily.",
        "Our whole office still remembers the person who replied to all with their lunch order.",
        "The worst part of a reply-all mistake is the ten minutes before anyone reacts.",
        "I've seen this happen at three workplaces. Each time, the person who apologised quickly was fine "
        "within a month.",
        "Someone in our team mocked a meeting in the wrong chat once. The organiser replied 'fair'. Legend.",
        "Honestly, owning it quickly might even earn you some respect.",
    ],
)

# For a demo post without a topic of its own: remarks that fit any letter and answer.
GENERAL = Topic(
    openers=["", "", "Good question.", "I've been in a similar spot.", "Adding to the answer:"],
    closers=["", "", "Good luck!", "Hope that helps."],
    points=[
        Point(
            says="The advice to keep it short is the part I'd underline. Most of these situations get worse "
            "the more you explain.",
            ask="How short is short, in practice?",
            answer="One or two sentences, said once. If someone wants more, they'll ask.",
            agree="Yes. I talk myself into trouble every time I over-explain.",
            doubt="Sometimes people need the context, though. Short can come across as cold.",
            defend="Short and warm, then, with the context when asked.",
        ),
        Point(
            says="I'd add: decide what outcome you want before you do anything. It makes the next step much "
            "clearer.",
            ask="What if I don't know what I want?",
            answer="Then that's the first thing to work out, before talking to anyone.",
            agree="This helps me with most awkward situations at work, not just this one.",
            doubt="Sometimes you have to act before you know. Life doesn't wait.",
            defend="True. Even a rough idea of the outcome helps, though.",
        ),
        Point(
            says="The other people involved are probably thinking about this far less than the letter "
            "writer is. That's reassuring, honestly.",
            ask="Is that true, though, or just comforting?",
            answer="In my experience it's true. Everyone is busy with their own worries.",
            agree="Yes. I once lost sleep over something nobody else remembered a week later.",
            doubt="It depends on the people. Some remember everything.",
            defend="Some do. Most don't, and you can't plan around the few.",
        ),
        Point(
            says="Writing things down afterwards has saved me more than once. A short note of what was said "
            "settles later disagreements.",
            ask="Do you send the note to the other person?",
            answer="Usually, yes, as a friendly summary. It's less formal than it sounds.",
            agree="Same. A quick summary e-mail has got me out of two disputes.",
            doubt="That can feel a bit legalistic for an everyday conversation.",
            defend="Keep it friendly and it doesn't. 'Good to talk, here's what we agreed' is enough.",
        ),
        Point(
            says="Whatever happens, it will make a good story later. I say that as someone with a lot of "
            "good stories.",
            ask="Does that actually help in the moment?",
            answer="A little. It reminds me that the moment will end.",
            agree="Ha, this is how I survive most of my working life.",
            doubt="Easy to say afterwards. In the moment it just feels awful.",
            defend="Fair. It's a comfort for the day after, not for the moment itself.",
        ),
        Point(
            says="I'd ask one trusted colleague for their view before acting. An outside eye catches what "
            "you can't see when you're anxious.",
            ask="What if there's no one at work I trust?",
            answer="A friend outside work is fine too. They just need to be honest with you.",
            agree="Yes. My mentor's 'are you sure?' has saved me many times.",
            doubt="Asking around can spread the story further than it needs to go.",
            defend="One person, chosen carefully. Not the whole office.",
        ),
    ],
    stories=[
        "I was in almost the same situation a few years ago, and this advice would have saved me a lot of "
        "worry.",
        "Bookmarking this for the next time it happens to me.",
        "This column has been more useful to me than most of the training I've had.",
        "Sharing this with a friend who is dealing with something very similar.",
        "I love how practical these answers are.",
        "Reading the comments here is half the fun.",
        "This is very reassuring to read.",
        "I wish someone had told me this at my first job.",
        "Every office I've worked in has had a version of this.",
        "I'd have panicked, honestly. The answer is much calmer than I would be.",
        "The comments here are kinder than most places online.",
        "This is the advice I give friends and never take myself.",
    ],
)

TOPICS = {
    "old-posts-and-a-job-search": OLD_POSTS,
    "answering-weakness-question": WEAKNESS,
    "counteroffer-or-not": COUNTEROFFER,
    "holiday-party-photos": PARTY_PHOTOS,
    "feedback-after-rejection": REJECTION_FEEDBACK,
    "managing-a-former-peer": FORMER_PEER,
    "recruiter-messages-on-linkedin": RECRUITER_MESSAGES,
    "a-reply-all-disaster": REPLY_ALL,
}

BIG_DISCUSSION = 320
DEEP_CHAIN = 8


class Line(NamedTuple):
    """A planned comment's text, and what it does in its thread."""

    act: str  # "says" (a top-level comment), a reply from FOLLOW_UPS, "story" or "debate"
    point: Point | None  # the point its thread is about
    body: str


class _Writer:
    """Composes one discussion's texts, lead-in + core + sign-off, using no text more than twice."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.texts: Counter[str] = Counter()
        self.cores: Counter[str] = Counter()
        self.parts: Counter[tuple[str, str, str]] = Counter()  # (kind of comment, "lead"/"closer", text)

    def least_used(self, pool: list[str]) -> list[str]:
        return sorted(pool, key=lambda core: (self.cores[core], self.rng.random()))

    def compose(
        self, kind: str, cores: list[str], leads: list[str], closers: list[str], *, quote: str = ""
    ) -> str:
        """The first core's least worn combination nobody has used yet (failing that, the next core's;
        failing all, one used once)."""
        for limit in (1, 2):
            for core in cores:
                for lead, closer in self._pairs(kind, leads, closers):
                    body = " ".join(part for part in (lead, core, closer) if part)
                    if quote:
                        body = f"> {quote}\n\n{body}"
                    if self.texts[body] < limit:
                        self.texts[body] += 1
                        self.cores[core] += 1
                        self.parts[kind, "lead", lead] += 1
                        self.parts[kind, "closer", closer] += 1
                        return body
        raise ValueError(f"The demo discussion ran out of ways to say {cores[0]!r}; add text to its topic.")

    def _pairs(self, kind: str, leads: list[str], closers: list[str]) -> list[tuple[str, str]]:
        """(lead-in, sign-off) pairs, the least worn first, so a discussion does not open every comment
        the same way. A part listed n times wears 1/n per use: blanks, listed often, come up most."""

        def wear(lead: str, closer: str) -> float:
            lead_wear = self.parts[kind, "lead", lead] / leads.count(lead)
            return lead_wear + self.parts[kind, "closer", closer] / closers.count(closer)

        pairs = list(dict.fromkeys((lead, closer) for lead in leads for closer in closers))
        return sorted(pairs, key=lambda pair: (wear(*pair), self.rng.random()))


def _first_sentence(text: str) -> str:
    return re.split(r"(?<=[.!?])\s", text.split("\n")[0], maxsplit=1)[0]


def _points(rng: random.Random, points: list[Point]) -> Iterator[Point]:
    """Points for successive threads, in a shuffled order that then repeats, so a point comes round
    again only after all the others (on a later page of a big discussion)."""
    return itertools.cycle(rng.sample(points, len(points)))


def _reply_act(parent: Line, nth: int, *, turn: int) -> str:
    """What the `nth` reply to `parent` does: a follow-up from FOLLOW_UPS (in an order that varies with
    `turn`), and once those are used, a story."""
    follow_ups = FOLLOW_UPS.get(parent.act, ())
    if nth >= len(follow_ups):
        return "story"
    return follow_ups[(nth + turn) % len(follow_ups)]


def _reply_text(writer: _Writer, topic: Topic, act: str, parent: Line) -> str:
    """The text of an `act` reply to `parent`: a story, thanks, a concession, or else the line the
    thread's point has for `act` (a story instead once a long discussion has used that line up)."""
    if act == "story":
        return writer.compose(act, writer.least_used(topic.stories), LEADS[act], CLOSERS[act])
    if act == "thanks":
        cores = writer.least_used(topic.thanks + COMMON_THANKS)
        return writer.compose(act, cores, LEADS[act], CLOSERS[act])
    if act == "concede":
        return writer.compose(act, writer.least_used(COMMON_CONCESSIONS), LEADS[act], CLOSERS[act])
    quote = ""
    if act in ("agree", "doubt") and writer.rng.random() < 0.25:
        quote = _first_sentence(parent.point.says)
    cores = [getattr(parent.point, act), *writer.least_used(topic.stories)]
    return writer.compose(act, cores, LEADS[act], CLOSERS[act], quote=quote)


def _write(topic: Topic, parents: list[int | None], rng: random.Random, *, debate: bool) -> list[Line]:
    """A text for each planned comment: a point for each thread, and replies that answer their parent.
    With `debate`, the first comments (a chain, one reply deeper each) are the topic's debate."""
    writer = _Writer(rng)
    points = _points(rng, topic.points)
    replies: Counter[int] = Counter()
    lines: list[Line] = []
    for index, parent_index in enumerate(parents):
        if debate and index < len(topic.debate):
            act, point = "debate", None
            body = writer.compose(act, [topic.debate[index]], [""], [""])
        elif parent_index is None:
            act, point = "says", next(points)
            body = writer.compose(act, [point.says], topic.openers, topic.closers)
        else:
            parent = lines[parent_index]
            act, point = _reply_act(parent, replies[parent_index], turn=parent_index), parent.point
            replies[parent_index] += 1
            body = _reply_text(writer, topic, act, parent)
        lines.append(Line(act, point, body))
    return lines


def _plan(rng: random.Random, count: int, *, deep_chain: bool) -> list[int | None]:
    """A parent index (or None) for each of `count` comments: some threads, replies up to depth 8."""
    parents: list[int | None] = []
    depths: list[int] = []
    if deep_chain:
        for index in range(DEEP_CHAIN + 1):
            parents.append(index - 1 if index else None)
            depths.append(index)
    while len(parents) < count:
        if not parents or rng.random() < 0.25:
            parents.append(None)
            depths.append(0)
            continue
        # Favour recent comments, so conversations run deep the way real ones do.
        candidate = rng.randrange(max(0, len(parents) - 12), len(parents))
        if depths[candidate] >= 8:
            candidate = parents[candidate] or 0
        parents.append(candidate)
        depths.append(depths[candidate] + 1)
    return parents[:count]


def _speaker(
    rng: random.Random, users: list[User], parent: Comment | None, act: str
) -> tuple[User | None, str]:
    """Who writes a comment (an account, or a name that may be blank): for SPEAKS_AGAIN acts the
    grandparent's author, otherwise anyone but the author of the comment replied to."""
    if act in SPEAKS_AGAIN and parent and parent.parent:
        return parent.parent.author, parent.parent.author_name
    while True:
        author = rng.choice(users) if users and rng.random() < 0.3 else None
        name = "" if author else rng.choice(NAMES)
        if not parent or not (author or name) or (author, name) != (parent.author, parent.author_name):
            return author, name


def _discussion(post: Post, count: int, users: list[User], rng: random.Random, *, deep_chain=False) -> int:
    start = max(post.published_at or timezone.now(), timezone.now() - timedelta(days=30))
    span = max((timezone.now() - start).total_seconds(), 60.0)
    parents = _plan(rng, count, deep_chain=deep_chain)
    topic = TOPICS.get(post.slug, GENERAL)
    lines = _write(topic, parents, random.Random(f"demo-text-{post.slug}"), debate=deep_chain)
    comments: list[Comment] = []
    children: dict[int | None, int] = {}
    for index, (parent_index, line) in enumerate(zip(parents, lines, strict=True)):
        parent = comments[parent_index] if parent_index is not None else None
        children[parent_index] = children.get(parent_index, 0) + 1
        author, author_name = _speaker(rng, users, parent, line.act)
        comments.append(
            Comment(
                post=post,
                parent=parent,
                path=(parent.path if parent else "") + encode_step(children[parent_index]),
                depth=parent.depth + 1 if parent else 0,
                author=author,
                author_name=author_name,
                body=line.body,
                body_html=render_comment_markdown(line.body),
                created_at=start + timedelta(seconds=span * (index + 1) / (count + 1)),
            )
        )
    for depth in range(max(c.depth for c in comments) + 1):
        level = [c for c in comments if c.depth == depth]
        for comment in level:
            comment.parent_id = comment.parent.pk if comment.parent else None
        Comment.objects.bulk_create(level)
    Comment.objects.filter(post=post).count_replies()
    Post.objects.filter(pk=post.pk).update(comment_count=len(comments))
    return len(comments)


def seed_comments(users: dict[str, User] | list[User]) -> int:
    """Give the newest demo posts discussions, once: posts that have comments are left alone.

    Only posts.demo's own posts are touched, so a post someone published on the demo site never gets
    generated comments when `make run` seeds again.

    The newest post gets a 320-comment discussion, the next a conversation eight replies deep, the
    rest a handful each, each written for its post (TOPICS). Returns how many comments were added.
    """
    people = list(users.values()) if isinstance(users, dict) else list(users)
    demo_slugs = [slug for slug, *_ in DEMO_POSTS]
    posts = list(Post.objects.published().filter(slug__in=demo_slugs).order_by("-published_at")[:8])
    added = 0
    for position, post in enumerate(posts):
        if Comment.objects.filter(post=post).exists():
            continue
        rng = random.Random(f"demo-comments-{post.slug}")
        if position == 0:
            count = BIG_DISCUSSION
        elif position == 1:
            count = DEEP_CHAIN + 12
        else:
            count = rng.randint(3, 15)
        added += _discussion(post, count, people, rng, deep_chain=position == 1)
        if position == 0:
            _reactions(post, people, random.Random(f"demo-reactions-{post.slug}"))
            _picks(post, people)
            _ignored_by_reader(post, people)
            _pile_on(post)
            _letter_writer(post, people)
    return added


# The big discussion's letter writer (the demo reader, whose question the post answers): a word to
# everyone, and an answer to a reader who asked how it ended. Written over two comments nobody answered.
LETTER_WRITER_SAID = [
    "I'm the one who wrote in. Thank you all: I went through every year of the profile last weekend. Most "
    "of it was harmless; two albums were not, and they are private now.",
    "Since you asked: the offer came through last week, and nobody mentioned the profile at all.",
]


def _letter_writer(post: Post, people: list[User]) -> None:
    reader = next((person for person in people if person.username == "reader"), None)
    if reader is None or post.source_question_id is not None:
        return
    post.source_question = Question.objects.create(
        title=post.title,
        body=post.question,
        name=reader.public_name,
        email=reader.email,
        consent_to_publish=True,
        asker=reader,
        status=Question.Status.ANSWERED,
    )
    post.save(update_fields=["source_question"])
    answered = Comment.objects.filter(post=post, parent__isnull=False).values("parent_id")
    unanswered = (
        Comment.objects.filter(post=post, picked_at=None, author__isnull=True)
        .exclude(pk__in=answered)
        .exclude(body__in=PILE_ON)
    )
    replies = unanswered.filter(depth=1).exclude(parent__author=reader).order_by("path")
    spoken = [unanswered.filter(depth=0).order_by("path")[7], replies[3]]
    for comment, body in zip(spoken, LETTER_WRITER_SAID, strict=True):
        comment.body, comment.body_html = body, render_comment_markdown(body)
        comment.author, comment.author_name, comment.letter_writer = None, "", True
        comment.save(update_fields=["body", "body_html", "author", "author_name", "letter_writer"])


# Three readers of the big discussion give the same advice in their own words. A reader who writes it a
# fourth time (PILE_ON_TRY, as the README suggests) is shown theirs first (comments.similar).
PILE_ON = [
    "Lock the old profile down to friends only and the problem is gone. Recruiters see nothing.",
    "Just set the old profile to friends only. Recruiters then see nothing at all.",
    "Honestly: set that old profile to friends only, and recruiters will see nothing of it.",
]
PILE_ON_TRY = "Set the old profile to friends only, so recruiters see nothing."


def _pile_on(post: Post) -> None:
    """PILE_ON in three top-level comments that nobody answered, so no reply loses what it replied to."""
    answered = Comment.objects.filter(post=post, parent__isnull=False).values("parent_id")
    unanswered = Comment.objects.filter(post=post, depth=0, picked_at=None).exclude(pk__in=answered)
    tops = list(unanswered.order_by("path"))
    for comment, body in zip(tops[2::10], PILE_ON, strict=False):
        comment.body, comment.body_html = body, render_comment_markdown(body)
        comment.save(update_fields=["body", "body_html"])


IGNORED_NAME = "Bea from Payroll"


def _ignored_by_reader(post: Post, people: list[User]) -> None:
    """A regular of the big discussion with an account, whom the demo reader ignores: her comments fold
    for the reader alone."""
    reader = next((person for person in people if person.username == "reader"), None)
    if reader is None:
        return
    bea, _ = User.objects.get_or_create(
        username="bea", defaults={"email": "bea@example.com", "display_name": IGNORED_NAME}
    )
    Comment.objects.filter(post=post, author=None, author_name=IGNORED_NAME).update(
        author=bea, author_name=""
    )
    Ignore.objects.get_or_create(user=reader, ignored=bea)


def _picks(post: Post, people: list[User]) -> None:
    """The editor's picks of the big discussion: its three most helpful top-level comments."""
    editor = next((person for person in people if person.username == "editor"), None)
    tops = Comment.objects.filter(post=post, depth=0).order_by("-helpful_count", "path")[:3]
    for minutes, comment in enumerate(tops):
        comment.picked_at = timezone.now() - timedelta(minutes=30 - minutes)
        comment.picked_by = editor
        comment.save(update_fields=["picked_at", "picked_by"])


QUIET_READERS = 24  # accounts that only react, so the big discussion's counts look like a real crowd's


def _reactions(post: Post, people: list[User], rng: random.Random) -> None:
    """Reactions on the big discussion: most top-level comments and some replies get a few from quiet
    readers (accounts with no password), and the demo reader has given two, which show pressed."""
    quiet = []
    for number in range(1, QUIET_READERS + 1):
        user, created = User.objects.get_or_create(
            username=f"quiet-reader-{number}", defaults={"email": f"quiet-reader-{number}@example.com"}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        quiet.append(user)
    reader = next((person for person in people if person.username == "reader"), None)
    comments = list(Comment.objects.filter(post=post).order_by("path"))
    reactions = []
    for comment in comments:
        weight = 8 if comment.depth == 0 else 3
        for kind, share in (("helpful", 1.0), ("been_there", 0.4)):
            count = int(rng.random() ** 2 * weight * share)
            givers = rng.sample(quiet, count)
            reactions += [Reaction(comment=comment, user=user, kind=kind) for user in givers]
    others = [c for c in comments if c.depth == 0 and reader is not None and c.author_id != reader.pk]
    reactions += [Reaction(comment=comment, user=reader, kind="helpful") for comment in others[1:3]]
    Reaction.objects.bulk_create(reactions, ignore_conflicts=True)
    for kind in Reaction.Kind.values:
        for pk, count in Counter(r.comment_id for r in reactions if r.kind == kind).items():
            Comment.objects.filter(pk=pk).update(**{Reaction.count_field(kind): count})
