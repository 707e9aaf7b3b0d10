"""AppTest tests of the pages: each page run headless, driven through its widgets."""
