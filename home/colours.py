"""WCAG contrast arithmetic, so an editor's brand colour never yields unreadable buttons."""


def relative_luminance(hex_colour):
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first, second):
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def readable_text_colour(background):
    """White or near-black, whichever contrasts more with the background."""
    white, black = "#ffffff", "#111111"
    if contrast_ratio(background, white) >= contrast_ratio(background, black):
        return white
    return black
