#!/usr/bin/python3
"""Edit a Word file in LibreOffice with change recording on, as a
customer's counsel would, and save it as Word again.

    lo-edit.py [--author NAME] IN.docx OUT.docx EDITS.json

--author names the person editing, as LibreOffice's user name (Tools >
Options > User Data): every tracked change and comment carries it. Without
it LibreOffice's profile has no name and writes "Unknown Author".

EDITS.json is a list of edits, made in order:
  {"replace": OLD, "with": NEW}           the first OLD replaced by NEW
  {"from": A, "to": B, "paragraphs": [..]} the paragraphs from the one
        starting with A to the one starting with B, inclusive, replaced by
        the paragraphs given (the first keeps A's place)
  {"after": S, "insert": T}               T inserted after the first S
  {"comment": C, "on": S}                 a comment C anchored on the first
        S; "author" names its author in place of --author
  {"comment": C, "from": A, "to": B}      a comment C anchored from the
        first A to the end of the first B in A's paragraph or a later one,
        across paragraphs

"The first S" is the first in the body's paragraphs, tables' cells
included, in the order they are saved; S must stand within one paragraph.

The document is opened as a model without a window: LibreOffice draws a
comment in a window of its own, and the Debian packages without a
graphical interface (libreoffice-writer-nogui) lack the window's layout, so
that soffice aborts as soon as a view holds a comment. Without a view there
is no layout to search, so the text is found paragraph by paragraph.

soffice runs headless with a profile of its own in a temporary folder, and
is stopped, with every process it started, when the script ends.
"""
import datetime
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from xml.sax.saxutils import escape

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.util import DateTime


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def connect(pipe):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(600):
        try:
            return resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
        except Exception:
            time.sleep(0.1)
    raise SystemExit("soffice did not answer within 60 s")


def paragraphs(text):
    """The paragraphs of text in order, those of tables' cells included."""
    en = text.createEnumeration()
    while en.hasMoreElements():
        p = en.nextElement()
        if p.supportsService("com.sun.star.text.Paragraph"):
            yield p
        elif p.supportsService("com.sun.star.text.TextTable"):
            for name in p.getCellNames():
                yield from paragraphs(p.getCellByName(name))


def units(s):
    """The length of s in UTF-16 code units, as LibreOffice counts."""
    return len(s.encode("utf-16-le")) // 2


def find(doc, text, after=None):
    """A cursor selecting the first text in doc's paragraphs, or, given
    after, in its paragraph or a later one."""
    for p in paragraphs(doc.getText()):
        if after is not None and p.getText() == after.getText() and p.getText().compareRegionEnds(p, after) > 0:
            continue
        s = p.getString()
        i = s.find(text)
        if i < 0:
            continue
        c = p.getText().createTextCursorByRange(p.getStart())
        c.goRight(units(s[:i]), False)
        c.goRight(units(text), True)
        if c.getString() != text:
            # A field before it counts as one character to the cursor and
            # as its result in the paragraph's string.
            raise SystemExit("found %r but selected %r: a field stands before it in its paragraph" % (text, c.getString()))
        return c
    raise SystemExit("not found in the document: %r" % text)


def paragraph_start(doc, text):
    c = find(doc, text)
    c.collapseToStart()
    c.gotoStartOfParagraph(False)
    return c


def now():
    t = datetime.datetime.now(datetime.timezone.utc)
    d = DateTime()
    d.Year, d.Month, d.Day = t.year, t.month, t.day
    d.Hours, d.Minutes, d.Seconds = t.hour, t.minute, t.second
    d.IsUTC = True
    return d


def edit(doc, e, author):
    if "comment" in e:
        if "on" in e:
            r = find(doc, e["on"])
        else:
            r = find(doc, e["from"])
            end = find(doc, e["to"], r.getEnd())
            r.gotoRange(end.getEnd(), True)
        a = doc.createInstance("com.sun.star.text.textfield.Annotation")
        a.setPropertyValue("Author", e.get("author", author))
        a.setPropertyValue("Content", e["comment"])
        a.setPropertyValue("DateTimeValue", now())
        # Absorbing the selection anchors the comment on it, from its
        # start to its end, as selecting the words and choosing Insert >
        # Comment does.
        r.getText().insertTextContent(r, a, True)
    elif "replace" in e:
        find(doc, e["replace"]).setString(e["with"])
    elif "after" in e:
        r = find(doc, e["after"])
        r.getText().insertString(r.getEnd(), e["insert"], False)
    elif "from" in e:
        c = paragraph_start(doc, e["from"])
        end = find(doc, e["to"])
        c.gotoRange(end.getEnd(), True)
        c.gotoEndOfParagraph(True)
        # A carriage return in the string is a paragraph break.
        c.setString("\r".join(e["paragraphs"]))
    else:
        raise SystemExit("not an edit: %s" % json.dumps(e))


def user_name(profile, name):
    """Writes name as the user's name into a new profile."""
    os.makedirs(os.path.join(profile, "user"), exist_ok=True)
    with open(os.path.join(profile, "user", "registrymodifications.xcu"), "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
                '<item oor:path="/org.openoffice.UserProfile/Data"><prop oor:name="givenname" oor:op="fuse"><value>%s</value></prop></item>\n'
                '</oor:items>\n' % escape(name))


def main():
    args = sys.argv[1:]
    author = ""
    if len(args) == 5 and args[0] == "--author":
        author, args = args[1], args[2:]
    if len(args) != 3:
        raise SystemExit("usage: lo-edit.py [--author NAME] IN.docx OUT.docx EDITS.json")
    src, dst = args[0], args[1]
    with open(args[2], encoding="utf-8") as f:
        edits = json.load(f)
    profile = tempfile.mkdtemp(prefix="lo-edit-")
    if author:
        user_name(profile, author)
    pipe = "loedit%d" % os.getpid()
    office = subprocess.Popen(["soffice", "--headless", "--invisible", "--nologo", "--norestore",
                               "-env:UserInstallation=file://" + profile,
                               "--accept=pipe,name=%s;urp;" % pipe],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    desktop = None
    try:
        ctx = connect(pipe)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        # A copy of its own, so that no lock file of another soffice's
        # on src stops it opening.
        work = os.path.join(profile, "in.docx")
        shutil.copyfile(src, work)
        doc = ctx.ServiceManager.createInstanceWithContext("com.sun.star.text.TextDocument", ctx)
        try:
            doc.load((prop("URL", uno.systemPathToFileUrl(work)), prop("FilterName", "MS Word 2007 XML")))
        except Exception as e:
            raise SystemExit("soffice could not open %s: %s" % (src, e))
        doc.setPropertyValue("RecordChanges", True)
        for e in edits:
            edit(doc, e, author)
        doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(dst)), (prop("FilterName", "MS Word 2007 XML"),))
        doc.close(True)
    finally:
        if desktop is not None:
            try:
                desktop.terminate()
            except Exception:
                pass  # the bridge closes as soffice ends
        try:
            office.wait(timeout=15)
        except subprocess.TimeoutExpired:
            pass
        # soffice is a script that starts soffice.bin: stop the session.
        try:
            os.killpg(office.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        office.wait()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main()
