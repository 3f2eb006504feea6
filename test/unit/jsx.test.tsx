import { describe, expect, it } from 'vitest';
import { raw } from '../../src/http/jsx/jsx-runtime.js';

describe('server JSX runtime', () => {
  it('escapes text and attribute values by default', () => {
    const name = '<script>alert("x")</script>';
    const html = String(<a href={`/u?n=${name}`} title={name}>{name}</a>);
    expect(html).toBe(
      '<a href="/u?n=&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</a>',
    );
  });

  it('passes raw() through, renders void elements and boolean attributes', () => {
    const html = String(
      <>
        <input name="a" required disabled={false} />
        {raw('<b>ok</b>')}
        {[1, null, 'x']}
      </>,
    );
    expect(html).toBe('<input name="a" required><b>ok</b>1x');
  });

  it('refuses attribute names that could break out of the tag', () => {
    const bad = { 'x" onload="y': 1 } as Record<string, unknown>;
    expect(() => String(<p {...bad} />)).toThrow(/invalid attribute/);
  });
});
