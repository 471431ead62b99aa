"""Check that the offline docs pages render in a real browser: every <img> (the charts are base64 PNGs in the
notebook outputs) loads and decodes, and the page shows text.

Opens each page in headless Chromium with the network cut off (the pages must stand on their own) and, once it
has loaded, asks the page for every <img>: did it load (naturalWidth > 0), does it decode (`img.decode()`, and
for embedded images `createImageBitmap` on all their bytes, which catches a truncated PNG that the browser would
still show in part), and how much text the page shows. Talks to Chromium over its DevTools pipe
(--remote-debugging-pipe), so it needs nothing beyond the standard library and the `chromium` binary.

Usage: python tools/check_pages.py [PAGE ...] [--site _site_offline] [--expect-images PAGE=N ...]
                                   [--screenshot DIR] [--chromium PATH]
  PAGE            pages to check (a path, or a name in --site such as 04a_fast_path); default: all *.html
  --expect-images fail unless PAGE (name without .html) has at least N images that decoded
  --screenshot    also save a full-page PNG per page in DIR, for a person to look at
Prints one line per page and a final line; exits 1, naming page and image, if an image did not load or
decode, a page shows almost no text or did not load, or a page has fewer images than --expect-images asks.
"""
import argparse, base64, json, os, select, shutil, subprocess, sys, tempfile, time
from pathlib import Path

PROBE = """(async () => {
  const imgs = await Promise.all([...document.images].map(async (im) => {
    if (!im.complete) await new Promise(r => { im.onload = im.onerror = r; setTimeout(r, 10000); });
    let ok = im.complete && im.naturalWidth > 0;
    if (ok) { try { await im.decode(); } catch (e) { ok = false; } }
    if (ok && im.src.startsWith('data:')) {  // all the bytes must decode, not just enough to show a part
      try { await createImageBitmap(await (await fetch(im.src)).blob()); } catch (e) { ok = false; } }
    let e = im, head = '';  // the nearest heading above the image, to say where it is
    while (e && !head) {
      const sib = e.previousElementSibling; e = sib || e.parentElement;
      const hs = sib ? [sib, ...sib.querySelectorAll('h1,h2,h3,h4,h5,h6')].filter(x => /^H[1-6]$/.test(x.tagName)) : [];
      if (hs.length) head = hs[hs.length - 1].textContent.replace('\\u00b6', '').trim(); }
    return {ok, alt: im.alt, src: (im.getAttribute('src') || '').slice(0, 40), head};
  }));
  return {imgs, text: document.body ? document.body.innerText.length : 0};
})()"""
# Headless, offline (every host name fails to resolve) and quiet; as root (CI) Chromium needs --no-sandbox.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
         "--no-first-run", "--disable-extensions", "--host-resolver-rules=MAP * ~NOTFOUND",
         "--remote-debugging-pipe", "about:blank"]


class Browser:
    "Chromium driven over the DevTools pipe: JSON messages ending in NUL, commands on fd 3, replies on fd 4."
    def __init__(self, binary, profile, timeout=60):
        to_r, self.to_w = os.pipe()
        self.from_r, from_w = os.pipe()
        def fds():  # in the child: Chromium reads fd 3 and writes fd 4
            a, b = os.dup(to_r), os.dup(from_w)
            os.dup2(a, 3); os.dup2(b, 4)
        self.proc = subprocess.Popen([binary, *FLAGS, f"--user-data-dir={profile}"], preexec_fn=fds, pass_fds=(3, 4),
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_r); os.close(from_w)
        self.buf, self.id, self.timeout, self.events = b"", 0, timeout, []
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.send("Page.enable", session=True)

    def read(self):
        while b"\0" not in self.buf:
            if not select.select([self.from_r], [], [], self.timeout)[0]: raise TimeoutError("chromium did not answer")
            chunk = os.read(self.from_r, 1 << 20)
            if not chunk: raise RuntimeError("chromium closed the pipe (crashed?)")
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def send(self, method, session=False, **params):
        self.id += 1
        msg = dict(id=self.id, method=method, params=params, **({"sessionId": self.session} if session else {}))
        os.write(self.to_w, json.dumps(msg).encode() + b"\0")
        while True:
            m = self.read()
            if m.get("id") == self.id:
                if "error" in m: raise RuntimeError(f"{method}: {m['error'].get('message')}")
                return m["result"]
            self.events.append(m.get("method"))

    def load(self, url):
        self.events = []
        r = self.send("Page.navigate", session=True, url=url)
        if r.get("errorText"): raise RuntimeError(f"navigation failed: {r['errorText']}")
        while "Page.loadEventFired" not in self.events: self.events.append(self.read().get("method"))

    def evaluate(self, expr):
        r = self.send("Runtime.evaluate", session=True, expression=expr, awaitPromise=True, returnByValue=True)
        if "exceptionDetails" in r: raise RuntimeError(f"probe script failed: {r['exceptionDetails'].get('text')}")
        return r["result"]["value"]

    def screenshot(self, png: Path):
        self.send("Emulation.setDeviceMetricsOverride", session=True, width=1280, height=900, deviceScaleFactor=1, mobile=False)
        size = self.send("Page.getLayoutMetrics", session=True)["cssContentSize"]
        clip = dict(x=0, y=0, width=1280, height=min(size["height"], 30000), scale=1)  # very long pages are cut
        data = self.send("Page.captureScreenshot", session=True, format="png", captureBeyondViewport=True, clip=clip)["data"]
        png.write_bytes(base64.b64decode(data))

    def close(self):
        try: self.send("Browser.close")
        except Exception: pass
        try: self.proc.wait(10)
        except subprocess.TimeoutExpired: self.proc.kill()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("pages", nargs="*")
    ap.add_argument("--site", default="_site_offline")
    ap.add_argument("--expect-images", action="append", default=[], metavar="PAGE=N")
    ap.add_argument("--screenshot", metavar="DIR")
    ap.add_argument("--chromium", default=os.environ.get("CHROMIUM") or next(filter(None, map(shutil.which, (
        "chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"))), None))
    a = ap.parse_args(argv)
    if not a.chromium: sys.exit("check_pages: no Chromium or Chrome on PATH (apt-get install chromium), or pass --chromium")
    site = Path(a.site)
    pages = [Path(p) if Path(p).is_file() else site / (p if p.endswith(".html") else p + ".html") for p in a.pages] \
        or sorted(site.glob("*.html"))
    if not pages: sys.exit(f"check_pages: no pages in {site}")
    expect = {k.removesuffix(".html"): int(v) for k, v in (e.split("=", 1) for e in a.expect_images)}
    if a.screenshot: Path(a.screenshot).mkdir(parents=True, exist_ok=True)
    t0, problems, n_img = time.time(), [], 0
    with tempfile.TemporaryDirectory() as profile:
        try: browser = Browser(a.chromium, profile)
        except (RuntimeError, TimeoutError, OSError) as e: sys.exit(f"check_pages: could not start {a.chromium}: {e}")
        try:
            for page in pages:
                bad, r, shot = [], None, Path(a.screenshot or ".") / f"{page.stem}.png"
                if a.screenshot: shot.unlink(missing_ok=True)
                try:
                    if not page.is_file(): raise RuntimeError("no such page")
                    browser.load(page.resolve().as_uri())
                    r = browser.evaluate(PROBE)
                    if a.screenshot: browser.screenshot(shot)
                except (RuntimeError, TimeoutError) as e: bad.append(f"did not load: {e}")
                if r and r["text"] < 100: bad.append(f"page shows almost no text ({r['text']} characters)")
                r = r or dict(imgs=[], text=0)
                for i, im in enumerate(r["imgs"]):
                    if not im["ok"]:
                        bad.append(f"image {i + 1} of {len(r['imgs'])} (under heading {im['head'][:60]!r}, "
                                   f"src {im['src']}..., alt {im['alt']!r}) did not load/decode")
                loaded = sum(im["ok"] for im in r["imgs"])
                n_img += loaded
                if page.stem in expect and loaded < expect[page.stem]:
                    bad.append(f"{loaded} images decoded, expected at least {expect[page.stem]}")
                info = f"{loaded}/{len(r['imgs'])} images decoded, {r['text']} characters of text"
                if a.screenshot and shot.exists(): info += f", screenshot {shot}"
                print(f"{'FAIL' if bad else 'ok  '} {page.stem:24} {info}", flush=True)
                for b in bad: print(f"     {page.stem}: {b}", flush=True)
                problems += [f"{page.stem}: {b}" for b in bad]
        finally:
            browser.close()
    for m in sorted(set(expect) - {p.stem for p in pages}):
        problems.append(m); print(f"FAIL {m}: --expect-images names a page that was not checked")
    summary = f"{len(pages)} pages, {n_img} images decoded in headless Chromium, {time.time() - t0:.0f}s"
    if problems: print(f"check_pages FAILED: {len(problems)} problems; {summary}"); sys.exit(1)
    print(f"check_pages ok: {summary}")


if __name__ == "__main__":
    main()
