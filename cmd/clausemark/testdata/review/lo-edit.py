#!/usr/bin/python3
"""Edit a Word file in LibreOffice with change recording on, as a
customer's counsel would, and save it as Word again.

    lo-edit.py IN.docx OUT.docx EDITS.json

EDITS.json is a list of edits, made in order:
  {"replace": OLD, "with": NEW}           the first OLD replaced by NEW
  {"from": A, "to": B, "paragraphs": [..]} the paragraphs from the one
        starting with A to the one starting with B, inclusive, replaced by
        the paragraphs given (the first keeps A's place)
  {"after": S, "insert": T}               T inserted after the first S

soffice runs headless with a profile of its own in a temporary folder, and
is stopped, with every process it started, when the script ends.
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import uno
from com.sun.star.beans import PropertyValue


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


def find(doc, text):
    sd = doc.createSearchDescriptor()
    sd.SearchString = text
    sd.SearchCaseSensitive = True
    found = doc.findFirst(sd)
    if found is None:
        raise SystemExit("not found in the document: %r" % text)
    return found


def paragraph_start(doc, text):
    r = find(doc, text)
    c = r.getText().createTextCursorByRange(r.getStart())
    c.gotoStartOfParagraph(False)
    return c


def edit(doc, e):
    if "replace" in e:
        find(doc, e["replace"]).setString(e["with"])
    elif "after" in e:
        r = find(doc, e["after"])
        r.getText().insertString(r.getEnd(), e["insert"], False)
    else:
        c = paragraph_start(doc, e["from"])
        end = find(doc, e["to"])
        c.gotoRange(end.getEnd(), True)
        c.gotoEndOfParagraph(True)
        # A carriage return in the string is a paragraph break.
        c.setString("\r".join(e["paragraphs"]))


def main():
    src, dst, edits = sys.argv[1], sys.argv[2], json.load(open(sys.argv[3]))
    profile = tempfile.mkdtemp(prefix="lo-edit-")
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
        url = uno.systemPathToFileUrl(work)
        doc = desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))
        if doc is None:
            raise SystemExit("soffice could not open %s" % src)
        doc.setPropertyValue("RecordChanges", True)
        for e in edits:
            edit(doc, e)
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
