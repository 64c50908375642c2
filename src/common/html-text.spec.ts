import { htmlText } from './html-text';

describe('htmlText', () => {
  it('drops the tags and makes one line', () => {
    expect(htmlText('<p>Photo:\n <a href="x">Tove</a></p>  <p>Bridge</p>')).toBe(
      'Photo: Tove Bridge',
    );
  });

  it('decodes the named entities of markup and every numeric one, once', () => {
    expect(htmlText('&lt;Tove&gt; &amp; &quot;friends&quot; &apos;n&#39;')).toBe(
      `<Tove> & "friends" 'n'`,
    );
    expect(htmlText('&#60;Tove&#62; &#38; &#x27;x&#X27; &#128647;')).toBe("<Tove> & 'x' 🚇");
    expect(htmlText('&amp;lt; stays &lt;')).toBe('&lt; stays <');
  });

  it('leaves a reference that names no character as written', () => {
    expect(htmlText('&#0; &#xD800; &#x110000; &unknown;')).toBe(
      '&#0; &#xD800; &#x110000; &unknown;',
    );
  });
});
