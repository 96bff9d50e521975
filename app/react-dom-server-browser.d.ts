// react-dom/server.browser is react-dom/server's web-stream build; @types/react-dom 18
// types it only under react-dom/server. The entry renders with it (decision 0017).
declare module "react-dom/server.browser" {
  export { renderToReadableStream } from "react-dom/server";
}
