def render_card(meta): return ""
