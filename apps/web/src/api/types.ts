/**
 * The API's shapes under the names the site uses. They come from schema.ts, which openapi-typescript
 * generates from the server's OpenAPI document (`npm run web:api-types` at the repository root), so a
 * changed field in a DTO is a type error here rather than a surprise in the browser.
 */
import type { components, paths } from './schema';

type Schemas = components['schemas'];

// Articles, comments, categories, tags
export type Article = Schemas['ArticleDto'];
/** An article in a list: everything but the body. */
export type ArticleSummary = Schemas['ArticleSummaryDto'];
export type ArticleList = Schemas['MultipleArticlesResponseDto'];
export type ArticleStatus = Article['status'];
export type ArticleInput = Schemas['NewArticleDto'];
export type ArticleChanges = Schemas['ArticleChangesDto'];
export type ArticleQuery = NonNullable<paths['/api/articles']['get']['parameters']['query']>;
export type FeedQuery = NonNullable<paths['/api/articles/feed']['get']['parameters']['query']>;
/** An article's preview link: its key and the site's address to share. */
export type Preview = Schemas['PreviewDto'];
/** A version of an article's text, as its history lists it (no body), and one with its body. */
export type Revision = Schemas['RevisionDto'];
export type RevisionWithBody = Schemas['RevisionWithBodyDto'];
export type ArticleMailing = Schemas['ArticleMailingDto'];
export type Comment = Schemas['CommentDto'];
export type Category = Schemas['CategoryDto'];
export type CategoryInput = Schemas['NewCategoryDto'];
export type CategoryChanges = Schemas['CategoryChangesDto'];

// Static pages (About, Contact): the blog's pages that are not articles
export type StaticPage = Schemas['StaticPageDto'];
/** A page in a list (the menu, the administration's list): everything but the body. */
export type StaticPageSummary = Schemas['StaticPageSummaryDto'];
export type StaticPageStatus = StaticPage['status'];
export type StaticPageInput = Schemas['NewStaticPageDto'];
export type StaticPageChanges = Schemas['StaticPageChangesDto'];

// Media (uploads)
export type Media = Schemas['MediaDto'];
export type MediaList = Schemas['MultipleMediaResponseDto'];

// Accounts and profiles
export type User = Schemas['UserView'];
export type SettingsInput = Schemas['UserChanges'];
export type Profile = Schemas['ProfileDto'];

// Administration (superusers)
export type AdminUser = Schemas['AdminUserView'];
export type AdminUserList = Schemas['AdminUsersResponseDto'];
export type AdminUserQuery = NonNullable<paths['/api/admin/users']['get']['parameters']['query']>;
export type AdminUserPatch = Schemas['AdminUserChanges'];

// Webhooks (superusers)
export type Webhook = Schemas['WebhookView'];
/** The answer to creating an endpoint or rotating its secret: the only one that holds the secret. */
export type WebhookWithSecret = Schemas['WebhookSecretView'];
export type WebhookInput = Schemas['NewWebhookDto'];
export type WebhookChanges = Schemas['WebhookChangesDto'];
export type WebhookEvent = WebhookInput['events'][number];
export type Delivery = Schemas['DeliveryView'];
export type DeliveryDetail = Schemas['DeliveryDetailView'];
export type DeliveryList = Schemas['DeliveriesResponseDto'];
export type DeliveryStatus = Delivery['status'];
export type DeliveryQuery = NonNullable<
  paths['/api/admin/webhooks/{id}/deliveries']['get']['parameters']['query']
>;

// Job queues (superusers)
export type QueueDepth = Schemas['QueueDepthView'];
export type FailedJob = Schemas['FailedJobView'];
export type FailedJobQuery = NonNullable<
  paths['/api/admin/jobs/failed']['get']['parameters']['query']
>;

// Newsletter (subscribe by email)
/** A reader's subscription, as confirming, unsubscribing and subscribing again answer it. */
export type Subscription = Schemas['SubscriptionDto'];
export type SubscriberStatus = Subscription['status'];
/** A subscriber as administrators list them. */
export type Subscriber = Schemas['SubscriberDto'];
export type SubscriberList = Schemas['SubscribersResponseDto'];
export type SubscriberQuery = NonNullable<
  paths['/api/admin/subscribers']['get']['parameters']['query']
>;
