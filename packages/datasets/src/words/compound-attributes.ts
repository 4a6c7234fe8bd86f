/**
 * Multi-word attributes for the default LIMIT vocabulary, written for this package (2026): head
 * nouns shared across many items ("… Trees", "… Music", "… Pie"), modifiers that are themselves
 * items or stems of items ("Cherries" / "Cherry Pie" / "Cherry Blossom Trees"), and dishes whose
 * names contain "and". This overlap is what makes the official LIMIT hard for lexical retrieval:
 * a query's words also name other items, so BM25 meets documents that match part of the query.
 *
 * Each family line is `Head: modifier|modifier|…` and yields `"<modifier> <head>"` items.
 */

const FAMILIES = `
Trees: Cherry Blossom|Apple|Lemon|Olive|Walnut|Chestnut|Maple|Palm|Pine|Fig|Plum|Almond|Peach|Orange|Christmas|Banana|Cedar|Baobab|Dragon Blood|Rubber|Cinnamon|Coconut
Pie: Cherry|Apple|Pecan|Pumpkin|Key Lime|Lemon Meringue|Blueberry|Peach|Shepherd's|Chicken Pot|Banana Cream|Rhubarb|Sweet Potato|Mince|Strawberry|Pork
Cake: Carrot|Chocolate|Lemon|Banana|Cherry|Coffee|Pound|Sponge|Angel Food|Red Velvet|Fruit|Honey|Almond|Orange|Walnut|Coconut|Ginger|Cheese|Birthday|Rum
Cakes: Crab|Fish|Rice|Potato|Oat|Tea|Cup|Pan|Corn
Soup: Tomato|Onion|Pumpkin|Chicken Noodle|Mushroom|Lentil|Pea|Carrot|Potato|Corn|Miso|Fish|Noodle|Bean|Barley|Oxtail|Lobster|Garlic|Cabbage|Melon
Salad: Potato|Fruit|Egg|Tuna|Chicken|Pasta|Bean|Caesar|Greek|Cucumber|Tomato|Watermelon|Rice|Noodle|Lentil|Cabbage|Seaweed|Orange|Apple|Carrot
Bread: Banana|Garlic|Corn|Rye|Soda|Pumpkin|Olive|Walnut|Raisin|Potato|Flat|Monkey|Sweet|Ginger|Cheese|Onion|Honey|Fry
Ice Cream: Vanilla|Chocolate|Strawberry|Pistachio|Coffee|Mint|Cherry|Mango|Banana|Coconut|Honey|Peach|Lemon|Rum Raisin|Green Tea|Almond|Ginger|Caramel
Tea: Green|Black|Mint|Jasmine|Lemon|Ginger|Peach|Iced|Milk|Bubble|Honey|Apple|Cherry|Orange|Barley|Rose|Butter|Herbal
Juice: Orange|Apple|Grape|Tomato|Carrot|Mango|Lemon|Lime|Cherry|Pineapple|Cranberry|Pear|Peach|Beet|Coconut|Melon
Jam: Strawberry|Apricot|Cherry|Fig|Plum|Raspberry|Orange|Peach|Blueberry|Quince|Ginger|Grape|Rhubarb|Mango
Blossoms: Cherry|Apple|Plum|Orange|Peach|Almond|Lemon|Pear|Lotus|Magnolia
Flowers: Wild|Lotus|Paper|Dried|Pressed|Passion|Corn|Cherry|Orange|Apple|Moon|Sun|Star|Desert|Mountain|Meadow
Gardens: Rose|Herb|Vegetable|Rock|Water|Zen|Butterfly|Tea|Roof|Botanical|Kitchen|Cactus|Moss|Flower|Sculpture|Winter|Orange|Cherry
Music: Rock|Folk|Country|Soul|Indie|Celtic|Cajun|Chamber|Baroque|Classical|Ambient|Film|Piano|Guitar|Organ|Harp|Flute|Drum|Dance|Street|Church|Festival|Island|Mountain|Desert|Garage|Surf|Space|Video Game|Water|Winter|Circus|Carnival
Jazz: Smooth|Latin|Gypsy|Acid|Free|Piano|Guitar|Cool|Swing|Street
Rock: Punk|Soft|Hard|Glam|Folk|Surf|Garage|Space|Desert|Indie|Country|Psychedelic|Stoner|Island|Garden
Dancing: Tap|Swing|Salsa|Ballroom|Line|Square|Belly|Street|Break|Folk|Pole|Fire|Rain|Sword|Ice|Barn|Lion|Dragon|Mountain|Water
Games: Board|Card|Video|Word|Dice|Party|Lawn|Drinking|Guessing|Memory|Puzzle|Racing|Island|Street|Garden|Water|Circus|Mountain|Winter|Desert
Boats: Sail|Paddle|Row|Fishing|Dragon|Banana|River|Canal|Paper|Steam|Swan|Island|Motor|House|Toy|Ice
Trains: Steam|Model|Toy|Night|Mountain|Desert|Island|Circus|Freight|Bullet|Ghost|Coffee|Garden|Water
Cars: Race|Toy|Vintage|Sports|Electric|Bumper|Cable|Police|Model|Ice Cream|Stock|Desert|Muscle|Mountain
Museums: Art|Science|Train|Toy|Wax|Natural History|Car|Music|Ship|Coin|Clock|Stamp|Doll|Ice|Film|Space|Water|Candy|Coffee|Tea
Festivals: Film|Music|Folk|Jazz|Kite|Lantern|Food|Beer|Wine|Harvest|Winter|Water|Light|Flower|Cherry Blossom|Tea|Dragon Boat|Mountain|Street|Book
Markets: Flower|Fish|Night|Farmers'|Street|Flea|Christmas|Spice|Book|Antique|Island|Floating|Winter|Fruit|Cheese|Candy
Parks: Water|Theme|Dog|Skate|Sculpture|National|City|Island|Mountain|Desert|Trampoline|Dinosaur|Ice|Rose|Cherry|Safari
Beaches: Sand|Pebble|Shell|Black Sand|Pink Sand|Island|Desert|Winter|Surf|Dog|Night|Coral|Rock|Palm
Lakes: Mountain|Crater|Salt|Glacier|Desert|Island|Forest|Ice|Swan|Lotus|Pink|Fishing
Mountains: Snow|Blue|Red|Ice|Desert|Island|Rock|Table|Fire|Green|Cloud|Cherry
Islands: Coral|Desert|Ice|Palm|Rock|Volcanic|Spice|Treasure|Cherry|Flower|Turtle|Monkey|Bird|Pine
Dogs: Sled|Sheep|Hot|Water|Guide|Rescue|Corn|Prairie|Sea|Toy|Fire|Mountain|Police|Circus|Hunting|Farm
Cats: Wild|Big|House|Jungle|Desert|Sand|Snow|Barn|Ship|Tuxedo|Toy|Alley|Fishing|Mountain
Birds: Song|Sea|Water|Shore|Tropical|Desert|Snow|Island|Paradise|Jungle|Humming|Blue|Black|Garden|Mountain|Toy
Fish: Flying|Angel|Sword|Cat|Lion|Gold|Parrot|Puffer|Jelly|Star|Lantern|Tropical|Desert|River|Smoked|Fried|Island|Ice
Horses: Wild|Race|Sea|Rocking|Carousel|Work|Mountain|Desert|Circus|Toy|Show|Island|Water|Dark
Beetles: Dung|Stag|Tiger|Rhinoceros|Jewel|Water|Rove|Ground|Leaf|Desert|Potato|Rose|Fire|Bark
Butterflies: Monarch|Swallowtail|Morpho|Glasswing|Owl|Leaf|Peacock|Tiger|Mountain|Desert|Orange|Lemon|Cherry|Island
Painting: Oil|Sand|Face|Rock|Glass|Silk|Fan|Finger|Ink|Landscape|Portrait|Ice|Mural|Night|Street|Garden|Water|Egg
Art: Street|Folk|Pop|Rock|Sand|Ice|Paper|Glass|Nail|Body|Pixel|Latte|Light|Land|Island|Garden|Desert|Space|Tea|Coffee|Cherry Blossom
Films: Silent|Horror|Martial Arts|Spy|Monster|Space|Disaster|Heist|Road|Surf|Island|Mountain|Desert|Winter|Night|Car|Dance|Music|Dog|Cat|Horse
Novels: Mystery|Spy|Graphic|Romance|Adventure|Detective|Historical|Fantasy|Horror|Space|Island|Desert|Mountain|Winter|Garden|Tea Shop|Train|Sea
Poetry: Nature|Love|War|Slam|Haiku|Nonsense|Sea|Winter|Garden|Mountain|Night|Desert|Island|Street|Rain
Puzzles: Jigsaw|Logic|Word|Number|Crossword|Maze|Picture|Wooden|Mechanical|Island|Tea|Garden|Water|Space|Ice|Sand
Cheese: Goat|Sheep|Blue|Cream|Cottage|Smoked|String|Swiss|Pepper Jack|Mountain|Island|Farm|Garlic|Onion|Herb|Walnut|Honey|Fig
Pasta: Fresh|Baked|Cold|Garlic|Lemon|Pumpkin|Mushroom|Tomato|Seafood|Spinach|Chicken|Cheese|Olive|Pepper
Noodles: Rice|Egg|Glass|Udon|Soba|Garlic|Sesame|Peanut|Dan Dan|Drunken|Cold|Chicken|Beef|Mushroom|Curry
Rice: Fried|Sticky|Coconut|Saffron|Wild|Brown|Black|Lemon|Garlic|Mushroom|Bean|Chicken|Curry|Tomato|Jasmine|Island
Sandwiches: Club|Egg|Tuna|Chicken|Cheese|Ice Cream|Cucumber|Tomato|Steak|Pork|Fish|Mushroom|Banana|Peanut Butter|Breakfast|Submarine
Cookies: Sugar|Butter|Oatmeal|Ginger|Almond|Lemon|Coconut|Chocolate|Peanut Butter|Walnut|Fortune|Honey|Cherry|Orange|Christmas|Cream Cheese
Candy: Cotton|Rock|Hard|Sour|Peppermint|Ginger|Maple|Honey|Cherry|Orange|Lemon|Coconut|Chocolate|Candy Cane|Penny|Sea Salt
Chocolate: Dark|White|Milk|Hot|Mint|Orange|Cherry|Coffee|Chili|Hazelnut|Almond|Coconut|Sea Salt|Ginger|Honey|Raspberry
Coffee: Iced|Turkish|Irish|Vietnamese|Cuban|Greek|Mushroom|Chicory|Honey|Coconut|Butter|Cherry|Orange|Egg|Island|Mountain
Wine: Red|White|Rose|Fruit|Plum|Cherry|Apple|Honey|Rice|Ice|Mulled|Island|Mountain|Desert|Palm|Pear
Cocktails: Rum|Gin|Tequila|Whiskey|Vodka|Champagne|Coffee|Coconut|Cherry|Orange|Ginger|Mint|Honey|Island|Tea
Sauce: Tomato|Cheese|Garlic|Mushroom|Pepper|Chili|Curry|Mint|Apple|Cherry|Orange|Honey|Lemon|Fish|Peanut|Plum|Mango
Curry: Chicken|Fish|Lentil|Pumpkin|Potato|Coconut|Mango|Green|Red|Yellow|Egg|Beef|Lamb|Bean|Mushroom|Island
Stew: Beef|Lamb|Fish|Bean|Lentil|Chicken|Oxtail|Mushroom|Pumpkin|Potato|Irish|Winter|Oyster|Pork|Cabbage
Pancakes: Banana|Blueberry|Potato|Corn|Rice|Scallion|Pumpkin|Apple|Lemon|Cherry|Cheese|Honey|Coconut|Oat
Tarts: Lemon|Apple|Cherry|Plum|Pear|Fig|Egg|Onion|Tomato|Mushroom|Pumpkin|Custard|Almond|Peach|Orange|Walnut
Pudding: Rice|Bread|Chocolate|Banana|Christmas|Sticky Toffee|Plum|Corn|Coconut|Mango|Lemon|Cherry|Honey|Black
Smoothies: Banana|Mango|Strawberry|Green|Berry|Peach|Cherry|Coconut|Orange|Pineapple|Honey|Oat|Coffee|Avocado
Racing: Horse|Car|Boat|Dog|Camel|Pigeon|Bicycle|Motorcycle|Sled Dog|Drag|Yacht|Kart|Ostrich|Snail|Turtle|Ice|Desert|Mountain|Island|Street
Skating: Ice|Figure|Speed|Roller|Street|Pond|Night|Lake|Island|Mountain|Desert
Surfing: Wind|Kite|Body|River|Snow|Night|Island|Desert|Sand|Couch
Climbing: Rock|Ice|Tree|Mountain|Wall|Rope|Desert|Island|Night|Winter|Stair
Hiking: Mountain|Desert|Island|Night|Winter|Forest|Canyon|River|Glacier|Volcano|Rain|Snow
Kites: Box|Dragon|Stunt|Paper|Silk|Fighter|Island|Beach|Night|Butterfly|Bird|Fish|Star|Desert
Shells: Sea|Snail|Turtle|Oyster|Clam|Conch|Cowrie|Taco|Egg|Coconut|Island|Moon|Star|Tiger
Stones: Moon|Sun|Star|Blood|Gem|Birth|Standing|River|Sea|Skipping|Hot|Lucky|Island|Desert|Garden|Tiger|Cherry|Rain
Crystals: Quartz|Salt|Ice|Sugar|Snow|Rock|Cave|Desert|Moon|Star|Sun|Healing|Water|Garden
Clocks: Cuckoo|Grandfather|Alarm|Water|Sun|Sand|Atomic|Wall|Mantel|Flower|Tower|Station|Candle|Pocket
Lamps: Lava|Oil|Desk|Street|Paper|Salt|Glass|Floor|Table|Reading|Candle|Garden|Moon|Star|Fish
Bells: Church|Wind|Sleigh|Door|Cow|Hand|Temple|Jingle|Ship|School|Tower|Silver|Blue|Christmas|Island
Drums: Steel|Snare|Bass|Hand|Kettle|Bongo|Taiko|Talking|Frame|War|Water|Rain|Island|Desert|Thunder
Guitars: Acoustic|Electric|Bass|Slide|Steel|Twelve String|Classical|Flamenco|Cigar Box|Toy|Island|Desert
Theater: Street|Puppet|Shadow|Musical|Open Air|Children's|Dinner|Improv|Black Box|Island|Garden|Night|Water|Winter|Mountain
Comedy: Stand-Up|Sketch|Improv|Romantic|Black|Slapstick|Musical|Cringe|Street|Radio|Island|Dog|Cat|Horse
History: Art|Music|Film|Food|Family|Local|Military|Natural|Space|Ocean|Island|Desert|Mountain|Tea|Coffee|Car|Train|Ship|Clock|Garden
Caves: Ice|Sea|Salt|Crystal|Lava|Limestone|Glowworm|Bat|Desert|Island|Mountain|Marble|Sand|Snow|Water|Honey
Storms: Snow|Ice|Sand|Dust|Thunder|Rain|Desert|Island|Mountain|Winter|Summer|Hail|Lightning|Electric|Solar|Cherry
Sunsets: Desert|Island|Mountain|Winter|Summer|Beach|Harbor|Lake|River|Forest|City|Orange|Pink|Red|Palm
Stars: Sea|Shooting|North|Morning|Evening|Falling|Desert|Island|Mountain|Winter|Rock|Film|Movie|Pop|Chocolate|Paper|Cherry|Neutron
Knots: Sailor's|Square|Bowline|Granny|Celtic|Love|Friendship|Monkey's Fist|Hair|Rope|Silk|Tiger
Quilts: Patchwork|Crazy|Baby|Memory|Star|Wedding|Log Cabin|Island|Garden|Flower|Cherry|Winter|Desert|Mountain|Ocean
Coins: Gold|Silver|Copper|Old|Ancient|Roman|Chocolate|Lucky|Challenge|Pirate|Island|Moon|Star|Tiger
Maps: Treasure|Star|Road|Old|Ancient|Pirate|Sea|Island|Mountain|Desert|Garden|Subway|Weather|City|Moon
Rugs: Persian|Braided|Hooked|Rag|Shag|Prayer|Tiger|Bear|Wool|Silk|Island|Desert|Mountain|Garden|Cherry|Flower
`;

/** Dishes and pairs whose names contain "and" (three or more words each). */
const AND_ITEMS =
  'Fish and Chips|Macaroni and Cheese|Rice and Beans|Pork and Beans|Bangers and Mash|Franks and Beans|' +
  'Bread and Butter|Salt and Pepper|Oil and Vinegar|Chips and Salsa|Peanut Butter and Jelly|Biscuits and Gravy|' +
  'Chicken and Waffles|Shrimp and Grits|Liver and Onions|Eggs and Bacon|Steak and Eggs|Spaghetti and Meatballs|' +
  'Tea and Biscuits|Cookies and Milk|Cheese and Crackers|Strawberries and Cream|Peaches and Cream|Cake and Ice Cream|' +
  'Chicken and Dumplings|Beans and Rice|Ham and Cheese|Lox and Bagels|Curry and Rice|Sweet and Sour Chicken|' +
  'Hot and Sour Soup|Salt and Vinegar Chips|Surf and Turf|Tomato and Basil Soup|Pen and Ink|Rock and Roll|' +
  'Rhythm and Blues|Drum and Bass|Arts and Crafts|Cloak and Dagger Novels|Dungeons and Dragons|Snakes and Ladders|' +
  'Cops and Robbers|Hide and Seek|Truth or Dare|Bed and Breakfast Inns|Rise and Shine Breakfasts|Cherries and Cream';

/**
 * Long items (three to five words, no "and"), written for this package: the release asks about
 * items of up to five words (its 7-word queries "Who likes A B C D E?"), and most of them reuse words
 * of shorter items ("Ice Cream", "Pie", "Cherry", "Mountain").
 */
const LONG_ITEMS =
  'Hot Chocolate Mugs|Cherry Tomato Salsa|Apple Pie Spice|Mountain Goat Cheese|Pine Cone Wreaths|Orange Blossom Honey|' +
  'Lemon Poppy Seed Muffins|Sweet Corn Fritters|Wild Rice Soup|Coconut Cream Pie|Strawberry Shortcake Bars|Island Steel Drums|' +
  'Desert Rose Gardens|Night Train Journeys|Ice Fishing Huts|Sand Castle Contests|Paper Boat Races|Garden Tea Parties|' +
  'Winter Music Festivals|Street Food Markets|Chocolate Lava Cake|Blueberry Pancake Breakfasts|Honey Roasted Peanuts|' +
  'Green Apple Candy|Ginger Snap Cookies|Cinnamon Swirl Bread|Pumpkin Spice Lattes|Red Rock Canyons|Snow Leopard Cubs|' +
  'Giant Sea Turtles|Rainbow Trout Streams|Mountain Spring Water|Fresh Mint Tea|Glass Bottle Collections|Vintage Toy Trains|' +
  'Old Film Cameras|Tiger Lily Bouquets|Cherry Pit Spitting|Lemon Drop Candies|Maple Syrup Farms|Summer Camp Songs|' +
  'Jungle Gym Parks|Fire Truck Rides|Star Fruit Salad|Banana Split Sundaes|Moon Cake Festivals|Dragon Fruit Smoothies|' +
  'Chocolate Chip Cookie Dough|Key Lime Pie Bars|Hot Fudge Sundae Toppings|Sea Turtle Nesting Beaches|Old Steam Train Museums|' +
  'Giant Panda Bear Cubs|Red Velvet Cake Pops|Lemon Meringue Pie Filling|Mountain Bike Trail Races|Wild Cherry Cough Drops|' +
  'Black Forest Cherry Cake|Deep Dish Pizza Crusts|Blue Cheese Salad Dressing|Fresh Garden Herb Pasta|Iced Vanilla Latte Drinks|' +
  'Warm Apple Cider Donuts|Mango Sticky Rice Desserts|Spicy Garlic Chicken Wings|Banana Cream Pie Slices|Hand Painted Paper Lanterns|' +
  'Cold Brew Coffee Cans|Toasted Coconut Ice Cream|Wood Fired Pizza Ovens|Night Sky Star Maps|Snow Globe Music Boxes|' +
  'Sea Salt Dark Chocolate Truffles|Old Time Country Fiddle Music|Deep Sea Fishing Boat Trips|Wild Mountain Blueberry Pie Recipes|' +
  'Hot Air Balloon Festival Rides|Cherry Blossom Festival Lantern Walks|Late Night Jazz Piano Bars|Old Fashioned Root Beer Floats|' +
  'Tropical Island Coral Reef Diving|Homemade Vanilla Bean Ice Cream|Snow Covered Mountain Cabin Retreats|Green Tea Mochi Ice Cream';

/** Four- and five-word items without "and" ({@link LONG_ITEMS}). */
export const LONG_ATTRIBUTES: readonly string[] = Object.freeze(LONG_ITEMS.split('|'));

function families(text: string): string[][] {
  const out: string[][] = [];
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (t === '') continue;
    const colon = t.indexOf(':');
    const head = t.slice(0, colon).trim();
    out.push(t.slice(colon + 1).split('|').map((m) => `${m.trim()} ${head}`));
  }
  return out;
}

/** The "Modifier Head" items, one array per family (head noun), in file order. */
export const COMPOUND_FAMILIES: readonly (readonly string[])[] = Object.freeze(families(FAMILIES).map((f) => Object.freeze(f)));

/** Items containing the word "and" ("Fish and Chips"). */
export const AND_ATTRIBUTES: readonly string[] = Object.freeze(AND_ITEMS.split('|').filter((a) => /\band\b/.test(a)));

/** The head noun of each family of {@link COMPOUND_FAMILIES} ("Trees", "Pie", …). */
export const FAMILY_HEADS: readonly string[] = Object.freeze(
  FAMILIES.split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => l.slice(0, l.indexOf(':')).trim()),
);
