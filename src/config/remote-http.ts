/**
 * Plain http to another machine: what it carries (a provider's codes and tokens, readers' sign-in
 * links) would cross a network in clear. http to this machine (localhost, 127.x.x.x, [::1]) is not.
 */
export function isRemoteHttp(url: URL): boolean {
  if (url.protocol !== 'http:') return false;
  return (
    !['localhost', '[::1]'].includes(url.hostname) && !/^127\.\d+\.\d+\.\d+$/.test(url.hostname)
  );
}
