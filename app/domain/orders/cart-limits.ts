/** How much one cart may hold (shared by the cart's screen and its rules). */
export const MAX_CART_QUANTITY = 999;
export const MAX_CART_LINES = 50;
