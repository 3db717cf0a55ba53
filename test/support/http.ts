/** A POST of `body` as it is written, with its content type (JSON unless told), as curl -d sends it. */
export const post = (url: string, body: string, type = 'application/json'): Promise<Response> =>
  fetch(url, { method: 'POST', headers: { 'Content-Type': type }, body });
