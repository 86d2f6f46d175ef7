# Red team: script in the feedback page. The answer cell displays HTML with a script, an event
# handler and a javascript: link, and a JavaScript output; each would set the page's title to PWNED
# when the page is opened, and maths whose TeX asks for a javascript: link and a style. The answer
# itself is right.
from IPython.display import HTML, Javascript, Markdown, display

display(HTML('<script>document.title = "PWNED"</script>'
             '<img src="x" onerror="document.title = \'PWNED\'">'
             '<a href="javascript:document.title=\'PWNED\'">click</a>'
             '<b>bold text stays</b>'))
display(Javascript('document.title = "PWNED"'))
display(Markdown(r"maths stays: $\href{javascript:document.title='PWNED'}{\text{click}}$, "
                 r"$\style{color:red}{x}$ and $x^2$"))


def largest_stable_learning_rate(a):
    # |1 - 2 a alpha| < 1  <=>  0 < alpha < 1 / a
    return 1.0 / a
