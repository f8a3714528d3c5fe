package io.github.twofold.it.harness;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;

/**
 * Headless Debian Chromium driven by Selenium, with explicit binary and driver paths (Selenium
 * Manager never downloads anything). The driver runs in its own process group, registered with
 * the {@link ProcessReaper}.
 */
public final class Browser implements AutoCloseable {

    public static final String CHROMIUM = System.getProperty("twofold.chromium", "/usr/bin/chromium");
    public static final String CHROMEDRIVER = System.getProperty("twofold.chromedriver", "/usr/bin/chromedriver");
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final ChromeDriver driver;
    private final Path workDir;
    private final long processGroup;

    /** Starts the next test's browser while this one runs: Chromium takes about a second to start on 2 cores. */
    private static final java.util.concurrent.ExecutorService AHEAD = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "browser-ahead");
        t.setDaemon(true);
        return t;
    });
    private static java.util.concurrent.Future<Browser> ahead;

    /**
     * A fresh browser (its own new profile: no cookie, storage or authenticator of another test),
     * started ahead of time where one was; the next one starts in the background. Left over at the
     * end of the run, it is stopped with every other process of the run.
     */
    public static synchronized Browser fresh(Path workDir) {
        Browser browser = null;
        if (ahead != null) {
            try {
                browser = ahead.get();
            } catch (java.util.concurrent.ExecutionException e) {
                browser = null; // started again below, where its error shows
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (browser == null) {
            browser = new Browser(workDir, "en");
        }
        ahead = AHEAD.submit(() -> new Browser(workDir, "en"));
        return browser;
    }

    public Browser(Path workDir, String language) {
        this.workDir = workDir;
        int n = COUNTER.incrementAndGet();
        try {
            Path dir = Files.createDirectories(workDir.resolve("chromium"));
            Path profile = Files.createTempDirectory(dir, "profile-");
            Path pidFile = dir.resolve("chromedriver-" + n + ".pid");
            Path wrapper = dir.resolve("chromedriver-wrapper.sh");
            if (!Files.exists(wrapper)) {
                Files.writeString(wrapper, "#!/bin/sh\necho $$ > \"$TWOFOLD_PID_FILE\"\nexec setsid " + CHROMEDRIVER + " \"$@\"\n");
                Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM);
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
                    "--no-first-run", "--no-default-browser-check", "--window-size=1280,1000",
                    "--lang=" + language, "--user-data-dir=" + profile);
            options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(wrapper.toFile())
                    .usingAnyFreePort()
                    .withEnvironment(Map.of("TWOFOLD_PID_FILE", pidFile.toString()))
                    .withLogOutput(java.io.OutputStream.nullOutputStream())
                    .build();
            driver = new ChromeDriver(service, options);
            processGroup = Long.parseLong(Files.readString(pidFile).trim());
            ProcessReaper.get(workDir).register(processGroup);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Chromium", e);
        }
    }

    /** A platform authenticator with discoverable keys and user verification (a phone or laptop with a fingerprint reader); remove it when done. */
    public VirtualAuthenticator addPasskeyDevice() {
        return ((ChromeDriver) driver()).addVirtualAuthenticator(new VirtualAuthenticatorOptions()
                .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
                .setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
                .setHasResidentKey(true).setHasUserVerification(true).setIsUserVerified(true));
    }

    public void removePasskeyDevice(VirtualAuthenticator device) {
        ((ChromeDriver) driver()).removeVirtualAuthenticator(device);
    }

    public WebDriver driver() {
        return driver;
    }

    public Browser open(String url) {
        driver.get(url);
        return this;
    }

    public String url() {
        return driver.getCurrentUrl();
    }

    public String title() {
        return driver.getTitle();
    }

    public String pageSource() {
        return driver.getPageSource();
    }

    /** The page's visible text; read again when a navigation replaced the page while reading. */
    public String text() {
        return until(d -> d.findElement(By.tagName("body")).getText());
    }

    public WebElement find(By by) {
        return until(ExpectedConditions.presenceOfElementLocated(by));
    }

    public List<WebElement> findAll(By by) {
        return driver.findElements(by);
    }

    public boolean has(By by) {
        return !driver.findElements(by).isEmpty();
    }

    public Browser type(By by, String text) {
        WebElement element = find(by);
        element.clear();
        element.sendKeys(text);
        return this;
    }

    public Browser click(By by) {
        until(ExpectedConditions.elementToBeClickable(by)).click();
        return this;
    }

    /**
     * Clicks {@code by}, which sends a form, and waits until the page that held it is gone. A wait
     * for text that follows then reads the answer, not the page the click left (which may already
     * show the same "Done." or "Invalid code").
     */
    public Browser submit(By by) {
        WebElement button = until(ExpectedConditions.elementToBeClickable(by));
        button.click();
        until(ExpectedConditions.stalenessOf(button));
        return this;
    }

    public WebDriverWait await() {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    public Browser waitForUrl(String prefix) {
        until(d -> d.getCurrentUrl().startsWith(prefix));
        return this;
    }

    public Browser waitForText(String text) {
        until(d -> d.findElement(By.tagName("body")).getText().contains(text));
        return this;
    }

    /**
     * Waits for the admin console to show {@code text}. The console loads each section as a module
     * when it is first opened; when that fetch fails (seen once under the suite's load), the console
     * shows "Failed to fetch dynamically imported module" and a "Reload" link. Then the page is loaded
     * once more, as a person would press "Reload"; a second failure fails the wait.
     */
    public Browser waitForConsoleText(String text) {
        String failed = "Failed to fetch dynamically imported module";
        until(d -> {
            String body = d.findElement(By.tagName("body")).getText();
            return body.contains(text) || body.contains(failed) ? Boolean.TRUE : null;
        });
        if (!text().contains(text) && text().contains(failed)) {
            System.out.println("[twofold-it] the admin console could not load a module; loading the page again");
            driver.navigate().refresh();
            waitForText(text);
        }
        return this;
    }

    /**
     * Waits for {@code condition}. While a script replaces the page's nodes, Chromium reports a node
     * it just found as "Node with given id does not belong to the document" (not a stale element):
     * every wait here treats that as "not yet", as it does a stale element.
     */
    private <T> T until(java.util.function.Function<WebDriver, T> condition) {
        return await().until(d -> {
            try {
                return condition.apply(d);
            } catch (org.openqa.selenium.WebDriverException e) {
                if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                    return null;
                }
                throw e;
            }
        });
    }

    /** Clears every cookie (all hosts), so the next test starts logged out. */
    public void clearCookies() {
        driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
    }

    /** PNG screenshot into the work directory; returns the file. */
    public Path screenshot(String name) {
        try {
            Path dir = Files.createDirectories(workDir.resolve("screenshots"));
            Path file = dir.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".png");
            File shot = driver.getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(dir.resolve(file.getFileName().toString().replace(".png", ".html")), driver.getPageSource());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            ProcessReaper.get(workDir).stopGroup(processGroup, 5);
        }
    }
}
