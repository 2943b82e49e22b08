import { useEffect, useState } from 'react';

const read = () => ({ path: window.location.pathname, search: window.location.search });

/** The current location (path and query), updated on navigation and on the browser's back button. */
export function useLocation(): { path: string; search: string } {
  const [location, setLocation] = useState(read);
  useEffect(() => {
    const update = () => setLocation(read());
    window.addEventListener('popstate', update);
    window.addEventListener('sos:navigate', update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener('sos:navigate', update);
    };
  }, []);
  return location;
}

/** Goes to a path inside the app without a reload; `replace` keeps the history short for filter changes. */
export function navigate(to: string, replace = false): void {
  if (replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.dispatchEvent(new Event('sos:navigate'));
}
