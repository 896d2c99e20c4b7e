package dev.socketsuite.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.socketsuite.runtime.testing.RedisServer;
import dev.socketsuite.runtime.testing.Replica;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The chat page in a real browser (Debian's chromium through its chromedriver): a member on
 * the page and a TCP member talk, and when the page's replica restarts the page reconnects
 * by itself and shows what was said meanwhile on another replica, nothing twice, nothing missed.
 */
class ChatPageBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private WebDriver browser;

    @BeforeEach
    void openBrowser() {
        // Never skipped: .ci/run and the README install both (Debian packages chromium, chromium-driver).
        assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "the browser test needs Debian's chromium and chromium-driver: apt-get install chromium chromium-driver");
        // Given the driver and the browser, Selenium never tries to download either.
        var driver = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
        var options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=480,720");
        browser = new ChromeDriver(driver, options);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void thePageTalksToTcpMembersAndAfterARestartShowsWhatItMissed() throws Exception {
        try (var redis = RedisServer.start()) {
            int web = WebSocketMemberTest.freePort();
            var pageEnv = Map.of("CHAT_WEB_PORT", String.valueOf(web));
            var page = Replica.readyOnRedis(Main.class.getName(), redis.url(), pageEnv);
            try (var other = Replica.readyOnRedis(Main.class.getName(), redis.url(), Map.of());
                 var tcp = ChatClient.joined(other.port())) {
                browser.get("http://127.0.0.1:" + web + "/");
                awaitStatus("connected");
                tcp.awaitLine("* guest-2 joined");
                browser.findElement(By.id("nick")).sendKeys("alice");
                browser.findElement(By.cssSelector("#nick-form button")).click();
                tcp.awaitLine("* guest-2 is now alice");

                browser.findElement(By.id("line")).sendKeys("hello from chromium\n");
                assertEquals("[alice] hello from chromium", tcp.line());
                awaitShown("you: hello from chromium"); // its acknowledgement shows the member its own line
                var markup = "<img src=x onerror=\"document.title='owned'\"> hi";
                tcp.send(markup + "\n");
                tcp.line();
                awaitShown("guest-1: " + markup);
                assertTrue(browser.findElements(By.cssSelector("#log img")).isEmpty(), "a member's markup became HTML");

                page.process().terminate(); // SIGTERM: the page hears the restart and starts reconnecting
                awaitStatusStartsWith("reconnecting");
                assertEquals(0, page.process().awaitExit(Duration.ofSeconds(15)));
                tcp.awaitLine("* alice left (server restarting)");
                tcp.send("said while the page was away\n");
                tcp.line();
                tcp.send("and this too\n");
                tcp.line();
                try (var restarted = Replica.readyOnRedis(Main.class.getName(), redis.url(), pageEnv)) {
                    awaitShown("guest-1: and this too");
                    awaitStatus("connected");
                    tcp.awaitLine("* guest-3 is now alice"); // the page takes its nick back by itself
                    var shown = shownTexts();
                    assertEquals(1, shown.stream().filter("guest-1: said while the page was away"::equals).count(), shown.toString());
                    assertEquals(1, shown.stream().filter("guest-1: and this too"::equals).count(), shown.toString());
                    var offsets = shownOffsets();
                    for (int i = 1; i < offsets.size(); i++) {
                        assertTrue(offsets.get(i) > offsets.get(i - 1), "offsets out of order or twice: " + offsets);
                    }
                    screenshot(Path.of("target", "chat-page.png"));
                    browser.findElement(By.id("line")).sendKeys("back again\n");
                    assertEquals("[alice] back again", tcp.line());
                }
            } finally {
                page.close();
            }
        }
    }

    private void awaitStatus(String text) {
        wait(Duration.ofSeconds(15)).until(driver -> text.equals(driver.findElement(By.id("status")).getText()));
    }

    private void awaitStatusStartsWith(String text) {
        wait(Duration.ofSeconds(15)).until(driver -> driver.findElement(By.id("status")).getText().startsWith(text));
    }

    /** Waits until a line of the log reads {@code text} (its offset aside). */
    private void awaitShown(String text) {
        wait(Duration.ofSeconds(20)).until(driver -> shownTexts().contains(text));
    }

    private List<String> shownTexts() {
        var texts = new ArrayList<String>();
        for (WebElement item : browser.findElements(By.cssSelector("#log li"))) {
            var offsets = item.findElements(By.className("offset"));
            var text = item.getText();
            texts.add(offsets.isEmpty() ? text : text.substring(offsets.getFirst().getText().length()).strip());
        }
        return texts;
    }

    private List<Long> shownOffsets() {
        return browser.findElements(By.cssSelector("#log .offset")).stream()
                .map(offset -> Long.parseLong(offset.getText().substring(1))).toList();
    }

    private WebDriverWait wait(Duration timeout) {
        return new WebDriverWait(browser, timeout);
    }

    private void screenshot(Path to) throws Exception {
        Files.createDirectories(to.getParent());
        Files.write(to, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
