#!/usr/bin/python3
"""A minimal WebKitGTK browser for WebKitWebDriver, for what MiniBrowser cannot do under automation.

MiniBrowser started with --automation always uses an ephemeral profile, and WebKit prints no console
for ephemeral sessions (classic WebDriver has no console log either). This browser keeps a
persistent profile when given --profile=DIR and records every console line and uncaught error of
every frame in --console-log=FILE, through a user script that runs in each frame before the page's
own scripts. WebKitWebDriver starts it with the arguments of `webkitgtk:browserOptions` and the
WEBKIT_INSPECTOR_SERVER address it connects to.
"""
import sys

import gi

gi.require_version("Gtk", "3.0")
gi.require_version("WebKit2", "4.1")
from gi.repository import Gtk, WebKit2  # noqa: E402

NAME = "HeavyAITestBrowser"
HANDLER = "heavyaiConsole"

# Reports console calls and uncaught errors to the browser; the page's console keeps working.
CONSOLE_SCRIPT = """
(() => {
  const handler = window.webkit && window.webkit.messageHandlers && window.webkit.messageHandlers.%s;
  if (!handler) {
    return;
  }
  const text = value => {
    try {
      return typeof value === 'string' ? value : value instanceof Error ? String(value) : JSON.stringify(value);
    } catch (error) {
      return String(value);
    }
  };
  const post = (kind, values) => {
    try {
      handler.postMessage(kind + ': ' + values.map(text).join(' '));
    } catch (error) {
      // A frame being torn down: nothing to report to.
    }
  };
  for (const level of ['log', 'info', 'warn', 'error', 'debug']) {
    const original = console[level];
    console[level] = function (...values) {
      post(level, values);
      return original.apply(this, values);
    };
  }
  window.addEventListener('error', event => post('pageerror', [event.message]));
  window.addEventListener('unhandledrejection', event => post('pageerror', [event.reason]));
})();
""" % HANDLER


def option(name):
    prefix = "--%s=" % name
    return next((a[len(prefix):] for a in sys.argv[1:] if a.startswith(prefix)), None)


def main():
    profile = option("profile")
    console_log = option("console-log")
    if profile:
        data = WebKit2.WebsiteDataManager(
            base_data_directory=profile + "/data", base_cache_directory=profile + "/cache"
        )
    else:
        data = WebKit2.WebsiteDataManager.new_ephemeral()
    context = WebKit2.WebContext(website_data_manager=data)
    context.set_automation_allowed(True)

    log = open(console_log, "a", encoding="utf-8", buffering=1) if console_log else None
    windows = []

    def on_console(_manager, result):
        if log:
            log.write(result.get_js_value().to_string().replace("\n", " ") + "\n")

    def new_view(_session=None):
        content = WebKit2.UserContentManager()
        content.add_script(
            WebKit2.UserScript(
                CONSOLE_SCRIPT,
                WebKit2.UserContentInjectedFrames.ALL_FRAMES,
                WebKit2.UserScriptInjectionTime.START,
                None,
                None,
            )
        )
        content.connect("script-message-received::" + HANDLER, on_console)
        content.register_script_message_handler(HANDLER)
        view = WebKit2.WebView(
            web_context=context, user_content_manager=content, is_controlled_by_automation=True
        )
        view.get_settings().set_enable_developer_extras(True)
        window = Gtk.Window()
        window.set_default_size(1280, 800)
        window.add(view)
        window.show_all()
        windows.append(window)
        return view

    def on_automation_started(_context, session):
        info = WebKit2.ApplicationInfo()
        info.set_name(NAME)
        info.set_version(1, 0, 0)
        session.set_application_info(info)
        session.connect("create-web-view", new_view)

    context.connect("automation-started", on_automation_started)
    Gtk.main()


if __name__ == "__main__":
    main()
