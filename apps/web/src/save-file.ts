/**
 * Hands a file the page fetched (an export, which needs the Authorization header a plain link cannot
 * send) to the browser as a download named `filename`: an object URL on a temporary `<a download>`.
 */
export function saveFile(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  // In the document: older Firefox ignores a click on a detached link.
  document.body.append(link);
  link.click();
  link.remove();
  // Some browsers read the URL after click() has returned: it is freed a little later, not at once.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
