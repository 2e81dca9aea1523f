#!/usr/bin/env python3
"""The search page of `arabic-search serve`, in a real browser (headless Chromium).

    python3 Tests/Browser/serve_page_test.py BINARY [--screenshots DIR]

Starts BINARY serve on the bundled article (any free port), drives the page at / with Selenium
and Debian's chromium and chromium-driver, and checks the DOM: the page is right to left, typing
a query shows ranked results whose snippets carry <mark> highlights of the query's words, the
second page shows ranks 11 and on, a query with a syntax error shows the error, one with no
result says so, and at a phone's width nothing is wider than the screen. Screenshots (desktop
and phone) are written to DIR (default: a temporary folder) and checked not to be blank.
Exit status 0 when every check passes, 1 otherwise (each failure printed).
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.parse

from PIL import Image, ImageStat
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

failures = []


def check(condition, message):
    print(("ok   " if condition else "FAIL ") + message)
    if not condition:
        failures.append(message)


def start_server(binary):
    server = subprocess.Popen([binary, "serve", "--port", "0"], stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 30
    while time.time() < deadline:
        line = server.stderr.readline()
        match = re.search(r"on (http://[0-9.]+:[0-9]+/)", line)
        if match:
            return server, match.group(1)
    server.kill()
    sys.exit("the server did not say where it listens")


def browser(width, height, phone=False):
    options = webdriver.ChromeOptions()
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     f"--window-size={width},{height}", "--lang=ar"]:
        options.add_argument(argument)
    if phone:
        # A phone's screen: desktop windows are never narrower than 500 px.
        options.add_experimental_option("mobileEmulation", {"deviceMetrics": {"width": width, "height": height, "pixelRatio": 2}})
    options.binary_location = "/usr/bin/chromium"
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def not_blank(path):
    image = Image.open(path).convert("L")
    spread = ImageStat.Stat(image).stddev[0]
    return image.size[0] > 100 and spread > 10, spread


def search(driver, query):
    box = driver.find_element(By.ID, "q")
    box.clear()
    box.send_keys(query)


def wait_for(driver, condition, what, timeout=10):
    try:
        WebDriverWait(driver, timeout).until(lambda d: condition(d))
        return True
    except Exception:
        check(False, f"waiting for {what}")
        return False


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--screenshots", default=None)
    arguments = parser.parse_args()
    shots = arguments.screenshots or tempfile.mkdtemp(prefix="arabic-serve-shots-")
    os.makedirs(shots, exist_ok=True)
    server, url = start_server(arguments.binary)
    try:
        driver = browser(1200, 900)
        try:
            driver.get(url)
            html = driver.find_element(By.TAG_NAME, "html")
            check(html.get_attribute("dir") == "rtl", "the page is right to left (dir=rtl)")
            check(driver.execute_script("return getComputedStyle(document.body).direction") == "rtl",
                  "the body's computed direction is rtl")
            # Typing searches by itself (debounced), with no Enter.
            search(driver, "الذكاء")
            if wait_for(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, "li.hit")) > 0, "results as you type"):
                hits = driver.find_elements(By.CSS_SELECTOR, "li.hit")
                check(len(hits) == 10, f"a page of 10 hits (got {len(hits)})")
                marks = driver.find_elements(By.CSS_SELECTOR, "li.hit mark")
                check(len(marks) > 0, f"highlights as <mark> ({len(marks)})")
                check(all("ذكاء" in m.text for m in marks), "every highlight is the query word: " + ", ".join(sorted({m.text for m in marks})))
                check(hits[0].find_element(By.CSS_SELECTOR, ".meta").text.startswith("#1 "), "the first hit has rank 1")
                status = driver.find_element(By.ID, "status").text
                check("16" in status, f"the status counts the hits: {status}")
                driver.save_screenshot(os.path.join(shots, "serve-page.png"))
                blank_ok, spread = not_blank(os.path.join(shots, "serve-page.png"))
                check(blank_ok, f"the desktop screenshot is not blank (spread {spread:.1f})")
                # The second page.
                next_button = driver.find_element(By.ID, "next")
                check(next_button.is_enabled(), "a next page")
                next_button.click()
                wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "li.hit .meta")
                         and d.find_elements(By.CSS_SELECTOR, "li.hit .meta")[0].text.startswith("#11 "), "page two")
                ranks = [e.text.split(" ")[0] for e in driver.find_elements(By.CSS_SELECTOR, "li.hit .meta")]
                check(ranks == [f"#{n}" for n in range(11, 17)], f"page two holds ranks 11 to 16: {ranks}")
                check(driver.find_element(By.ID, "previous").is_enabled(), "a previous page")
                check("offset=10" in driver.current_url, f"the address keeps the page: {driver.current_url}")
            # An error, then no results.
            search(driver, '"الذكاء')
            driver.find_element(By.ID, "q").send_keys(Keys.ENTER)
            wait_for(driver, lambda d: "error" in d.find_element(By.ID, "status").get_attribute("class"), "the error state")
            check("unbalanced quote" in driver.find_element(By.ID, "status").text, "the syntax error is shown")
            search(driver, "زرافة")
            wait_for(driver, lambda d: d.find_element(By.ID, "status").text == "لا نتائج.", "the no-results state")
            check(len(driver.find_elements(By.CSS_SELECTOR, "li.hit")) == 0, "no results are listed")
            # A slip: "did you mean" links the corrected query, which the link searches.
            search(driver, "الزكاء")
            if wait_for(driver, lambda d: d.find_element(By.ID, "suggestion").is_displayed(), "a did-you-mean suggestion"):
                link = driver.find_element(By.ID, "suggested")
                check(link.text == "الذكاء", f"the suggestion is الذكاء (got {link.text})")
                link.click()
                wait_for(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, "li.hit")) == 10, "the suggestion's results")
                check(driver.find_element(By.ID, "q").get_attribute("value") == "الذكاء", "the box holds the suggestion")
                check(not driver.find_element(By.ID, "suggestion").is_displayed(), "no suggestion for a word of the index")
            # Keyboard: Escape clears, / focuses the box.
            driver.find_element(By.ID, "q").send_keys(Keys.ESCAPE)
            check(driver.find_element(By.ID, "q").get_attribute("value") == "", "Escape clears the box")
        finally:
            driver.quit()
        phone = browser(390, 844, phone=True)
        try:
            phone.get(url + "?q=" + urllib.parse.quote("تعلم الآلة"))
            wait_for(phone, lambda d: len(d.find_elements(By.CSS_SELECTOR, "li.hit")) > 0, "results on a phone")
            width = phone.execute_script("return document.documentElement.scrollWidth")
            inner = phone.execute_script("return window.innerWidth")
            check(width <= inner, f"nothing is wider than a phone's screen ({width} ≤ {inner})")
            phone.save_screenshot(os.path.join(shots, "serve-page-phone.png"))
            blank_ok, spread = not_blank(os.path.join(shots, "serve-page-phone.png"))
            check(blank_ok, f"the phone screenshot is not blank (spread {spread:.1f})")
        finally:
            phone.quit()
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"screenshots in {shots}")
    if failures:
        print(f"{len(failures)} check(s) failed", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
