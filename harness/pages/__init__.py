"""Page objects, a page per module: what every page can do (`base`), the
navbar every page shares (`site_page`), the home and list page (`list_page`),
My lists (`my_lists`), and every locator, declared once (`locators`)."""
