"""End to end: headless Chromium drives the chat widget on the running demo shop (seeded data).

Ask for a product and get product cards; sign in and ask for an order status; ask for a person.
"""

import shutil

import pytest

from marketing_ai import embeddings

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (shutil.which(CHROMIUM) and shutil.which(CHROMEDRIVER)), reason="no Chromium"),
    pytest.mark.skipif(not embeddings.is_available(), reason="the [ml] extra is not installed"),
]


@pytest.fixture
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--window-size=390,844"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


@pytest.fixture
def seeded(transactional_db):
    from demo_shop.seed import seed_shop
    from marketing_ai.assistant.skills import catalog_index

    seed_shop(products=40, customers=5)
    catalog_index.invalidate()


def wait_for(driver, css, count=1, timeout=20):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(
        lambda d: (found := d.find_elements("css selector", css)) and len(found) >= count and found)


def ask(driver, text):
    from selenium.webdriver.common.keys import Keys

    before = len(driver.find_elements("css selector", ".mai-msg-assistant"))
    field = driver.find_element("id", "mai-assistant-input")
    field.send_keys(text, Keys.ENTER)  # keyboard only
    return wait_for(driver, ".mai-msg-assistant", count=before + 1)[-1]


def test_shopper_finds_products_checks_an_order_and_reaches_a_person(browser, live_server, seeded):
    from selenium.webdriver.common.keys import Keys

    from demo_shop.models import Order
    from demo_shop.seed import CUSTOMER_PASSWORD

    order = Order.objects.exclude(customer=None).select_related("customer").order_by("-created_at").first()
    browser.get(f"{live_server.url}/accounts/login/")
    browser.find_element("name", "username").send_keys(order.customer.username)
    browser.find_element("name", "password").send_keys(CUSTOMER_PASSWORD, Keys.ENTER)
    wait_for(browser, ".mai-assistant-toggle")

    toggle = browser.find_element("css selector", ".mai-assistant-toggle")
    toggle.send_keys(Keys.ENTER)
    assert browser.find_element("id", "mai-assistant-panel").is_displayed()
    assert browser.switch_to.active_element.get_attribute("id") == "mai-assistant-input"

    reply = ask(browser, "do you have a stoneware mug?")
    cards = wait_for(reply, ".mai-card")
    assert cards and reply.find_element("css selector", ".mai-card-price").text

    reply = ask(browser, f"where is my order {order.number}?")
    status = reply.find_element("css selector", ".mai-order-title").text
    assert order.number in status

    reply = ask(browser, "I want to talk to a human")
    assert reply.find_element("css selector", ".mai-handoff").is_displayed()
    from marketing_ai.assistant.models import Handoff

    assert Handoff.objects.filter(thread__user=order.customer, status="open").count() == 1

    # Escape closes the panel and gives focus back to the toggle.
    browser.find_element("id", "mai-assistant-input").send_keys(Keys.ESCAPE)
    assert not browser.find_element("id", "mai-assistant-panel").is_displayed()
    assert browser.switch_to.active_element.get_attribute("class") == "mai-assistant-toggle"
